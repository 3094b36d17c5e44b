/** The HTTP API against the real server: good bodies, bad bodies, and nothing half-created. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMapFile, type MapFile } from '$lib/model/mapfile';
import { SAMPLE_FILE, SAMPLE_ID, canonicalJson, useServer } from './support';

interface Reply {
	status: number;
	type: string;
	body: unknown;
}

describe('HTTP API', () => {
	const { server } = useServer();
	const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;

	async function call(
		method: string,
		path: string,
		body?: string,
		type = 'application/json'
	): Promise<Reply> {
		const res = await fetch(`${server.url}${path}`, {
			method,
			...(body !== undefined ? { body, headers: { 'content-type': type } } : {})
		});
		const text = await res.text();
		const contentType = res.headers.get('content-type') ?? '';
		return {
			status: res.status,
			type: contentType,
			body: contentType.includes('json') ? JSON.parse(text) : text
		};
	}
	const post = (body: unknown) => call('POST', '/api/maps', JSON.stringify(body));
	const ids = async () =>
		((await call('GET', '/api/maps')).body as Array<{ id: string }>).map((m) => m.id).sort();

	it('lists the imported sample map with its figures', async () => {
		const list = await call('GET', '/api/maps');
		expect(list.status).toBe(200);
		expect(list.type).toMatch(/^application\/json/);
		expect(list.body).toEqual([
			{
				id: SAMPLE_ID,
				title: sample.meta.title,
				source: { title: sample.meta.source.title, author: sample.meta.source.author },
				nodeCount: sample.nodes.length,
				edgeCount: sample.edges.length,
				updatedAt: expect.any(String),
				protected: false
			}
		]);
	});

	it('returns a map as a warrant-map file', async () => {
		const got = await call('GET', `/api/maps/${SAMPLE_ID}`);
		expect(got.status).toBe(200);
		expect((got.body as MapFile).id).toBe(SAMPLE_ID);
		// The file on disk is a v1 map: the server serves it migrated to the current contract.
		const current = parseMapFile(sample);
		if (!current.ok) throw new Error(current.error);
		expect(canonicalJson(got.body as MapFile)).toBe(canonicalJson(current.value));
	});

	it('creates a map from a title and text, with an id made from the title', async () => {
		const created = await post({
			title: 'Why Cities Need Trees!',
			text: 'Trees cool streets. Shade saves energy.',
			author: 'K. Lee'
		});
		expect(created.status).toBe(201);
		const { id } = created.body as { id: string };
		expect(id).toMatch(/^why-cities-need-trees-[a-z0-9]{6}$/);
		const file = (await call('GET', `/api/maps/${id}`)).body as MapFile;
		expect(file.meta.title).toBe('Why Cities Need Trees!');
		expect(file.meta.source.author).toBe('K. Lee');
		expect(file.sentences.map((s) => s.text)).toEqual([
			'Trees cool streets.',
			'Shade saves energy.'
		]);
		expect(await ids()).toContain(id);
	});

	it('creates a map from a warrant-map file under its own id, and answers 409 when it is taken', async () => {
		const file = { ...sample, id: 'copy-of-sample' };
		expect(await post(file)).toMatchObject({ status: 201, body: { id: 'copy-of-sample' } });
		const again = await post(file);
		expect(again.status).toBe(409);
		expect((again.body as { error: string }).error).toMatch(/copy-of-sample already exists/);
		const got = (await call('GET', '/api/maps/copy-of-sample')).body as MapFile;
		expect(got.nodes.length).toBe(sample.nodes.length);
	});

	it('gives a map file without an id a fresh id', async () => {
		const { id: _drop, ...withoutId } = sample;
		const created = await post(withoutId);
		expect(created.status).toBe(201);
		expect((created.body as { id: string }).id).toMatch(
			/^should-libraries-open-on-sundays-[a-z0-9]{6}$/
		);
	});

	describe('refuses bad requests, creating nothing', () => {
		let before: string[];
		beforeAll(async () => {
			before = await ids();
		});

		const brokenFile = {
			...sample,
			id: 'broken-file',
			edges: [...sample.edges, { id: 'e-bad', from: 'thesis', to: 'nowhere', relation: 'supports' }]
		};
		const cases: Array<[string, () => Promise<Reply>, number, RegExp]> = [
			[
				'a body that is not JSON',
				() => call('POST', '/api/maps', '{"title": "x", '),
				400,
				/not valid JSON/
			],
			['an empty body', () => call('POST', '/api/maps', ''), 400, /body is empty/],
			['a JSON array', () => post([1, 2]), 400, /JSON object/],
			[
				'a text of the wrong type',
				() => post({ title: 'T', text: 42 }),
				400,
				/text must be a string/
			],
			[
				'a title of the wrong type',
				() => post({ title: 5, text: 'Some text.' }),
				400,
				/title must be a string/
			],
			['an empty text', () => post({ title: 'T', text: '   ' }), 400, /text is empty/],
			['an empty title', () => post({ title: '', text: 'Some text.' }), 400, /title is empty/],
			[
				'an unknown field',
				() => post({ title: 'T', text: 'x.', colour: 'red' }),
				400,
				/unknown field colour/
			],
			[
				'a map file with an edge to a missing node',
				() => post(brokenFile),
				400,
				/edges\[5\]\.to: no node nowhere/
			],
			[
				'a map file with a bad format version',
				() => post({ ...sample, version: 99 }),
				400,
				/version/
			],
			[
				'a map file with an invalid id',
				() => post({ ...sample, id: 'Not An Id' }),
				400,
				/not a valid map id/
			],
			[
				'a non-JSON content type',
				() => call('POST', '/api/maps', 'title=x', 'application/x-www-form-urlencoded'),
				415,
				/application\/json/
			],
			[
				'a JSON body in another charset',
				() => call('POST', '/api/maps', '{}', 'application/json; charset=latin1'),
				415,
				/utf-8/
			],
			[
				'a body over 10 MiB (the import limit)',
				() =>
					call('POST', '/api/maps', JSON.stringify({ title: 'big', text: 'a'.repeat(11_000_000) })),
				413,
				/larger than 10485760 bytes/
			]
		];

		it.each(cases)('%s', async (_name, send, status, message) => {
			const reply = await send();
			expect(reply.status).toBe(status);
			expect(reply.type).toMatch(/^application\/json/);
			expect((reply.body as { error: string }).error).toMatch(message);
		});

		it('and the listing is unchanged afterwards', async () => {
			expect(await ids()).toEqual(before);
			expect((await call('GET', '/api/maps/broken-file')).status).toBe(404);
		});
	});

	it('answers 400 for an invalid id, 404 for an unknown map or endpoint, 405 for a wrong method', async () => {
		expect(await call('GET', '/api/maps/Not_Valid')).toMatchObject({
			status: 400,
			body: { error: expect.stringMatching(/invalid map id/) }
		});
		expect(await call('GET', '/api/maps/no-such-map')).toMatchObject({
			status: 404,
			body: { error: 'no map no-such-map' }
		});
		expect(await call('GET', '/api/nothing-here')).toMatchObject({
			status: 404,
			body: { error: expect.any(String) }
		});
		expect(await call('GET', '/api/debug/stats')).toMatchObject({ status: 404 });
		const wrong = await call('DELETE', '/api/maps');
		expect(wrong).toMatchObject({ status: 405, body: { error: expect.stringMatching(/DELETE/) } });
	});

	it('leaves other paths to the web app', async () => {
		const page = await call('GET', '/');
		expect(page.type).not.toMatch(/application\/json/);
	});
});
