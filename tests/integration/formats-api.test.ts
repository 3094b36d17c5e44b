/**
 * Data export and import over HTTP against the real server: every export format as a download,
 * uploads of every importable format (and round trips of the server's own exports), and refusals
 * that create nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_FORMATS, exportMap, type ImportReport } from '$lib/formats';
import type { MapFile } from '$lib/model/mapfile';
import { ROOT_DIR } from '$tests/helpers/server';
import { SAMPLE_ID, useServer } from './support';

const FIXTURES = join(ROOT_DIR, 'tests/fixtures/formats');
const AIFDB = readFileSync(join(FIXTURES, 'aifdb-nodeset-6064.json'), 'utf8');

interface Created {
	status: number;
	body: { id?: string; report?: ImportReport; error?: string };
}

describe('export and import over HTTP', () => {
	const { server } = useServer();
	let sample: MapFile;

	beforeAll(async () => {
		sample = (await (await fetch(`${server.url}/api/maps/${SAMPLE_ID}`)).json()) as MapFile;
	});

	const upload = async (
		body: string | Blob,
		type: string,
		opts: { query?: string; headers?: Record<string, string> } = {}
	): Promise<Created> => {
		const res = await fetch(`${server.url}/api/maps${opts.query ?? ''}`, {
			method: 'POST',
			headers: { 'content-type': type, ...opts.headers },
			body
		});
		return { status: res.status, body: (await res.json()) as Created['body'] };
	};
	const getFile = async (id: string) =>
		(await (await fetch(`${server.url}/api/maps/${id}`)).json()) as MapFile;
	const listedIds = async () =>
		((await (await fetch(`${server.url}/api/maps`)).json()) as Array<{ id: string }>)
			.map((m) => m.id)
			.sort();

	it.each(DATA_FORMATS)('exports %s as a download named after the title', async (format) => {
		const res = await fetch(`${server.url}/api/maps/${SAMPLE_ID}/export?format=${format}`);
		expect(res.status).toBe(200);
		const expected = exportMap(sample, format, { baseUrl: server.url, mapId: SAMPLE_ID });
		expect(res.headers.get('content-type')).toContain(expected.mime.split(';')[0]);
		expect(res.headers.get('content-type')).toMatch(/charset=utf-8/);
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="should-libraries-open-on-sundays.${expected.ext}"`
		);
		expect(await res.text()).toBe(expected.body);
	});

	it('refuses an unknown or missing format, naming the allowed ones', async () => {
		// pdf, png and svg are exports too (pictures drawn on the server); docx is not.
		for (const query of ['?format=docx', '', '?format=json&format=md']) {
			const res = await fetch(`${server.url}/api/maps/${SAMPLE_ID}/export${query}`);
			expect(res.status).toBe(400);
			expect(((await res.json()) as { error: string }).error).toMatch(
				/json, aif, argdown, md, annotations, svg, png, pdf/
			);
		}
		expect((await fetch(`${server.url}/api/maps/no-such-map/export?format=json`)).status).toBe(404);
	});

	it('round-trips its own json, aif and argdown exports through POST /api/maps', async () => {
		const sent: Array<[string, string, Record<string, string>, string]> = [
			['json', 'application/json', {}, ''],
			['aif', 'application/json', {}, ''],
			['argdown', 'text/x-argdown', {}, ''],
			['argdown', 'text/plain', {}, '?format=argdown'],
			['argdown', 'application/octet-stream', { 'x-filename': 'Sunday%20libraries.argdown' }, '']
		];
		for (const [format, type, headers, query] of sent) {
			let body = await (
				await fetch(`${server.url}/api/maps/${SAMPLE_ID}/export?format=${format}`)
			).text();
			// The warrant-map file names its own id, which is taken: send it without.
			if (format === 'json') body = JSON.stringify({ ...JSON.parse(body), id: undefined });
			const created = await upload(body, type, { headers, query });
			expect(created.status).toBe(201);
			expect(created.body.report).toMatchObject({ format, nodes: sample.nodes.length });
			const file = await getFile(created.body.id!);
			expect(file.nodes.map((n) => n.text).sort()).toEqual(sample.nodes.map((n) => n.text).sort());
			expect(file.edges.length).toBe(sample.edges.length);
			expect(file.meta.source.text).toBe(sample.meta.source.text);
		}
	});

	it('imports an AIFdb nodeset and reports what it skipped', async () => {
		const created = await upload(AIFDB, 'application/json', {
			headers: { 'x-filename': 'aifdb-nodeset-6064.json' }
		});
		expect(created.status).toBe(201);
		const report = created.body.report!;
		expect(report).toMatchObject({ format: 'aif', nodes: 9, edges: 5 });
		expect(report.skipped).toEqual(
			expect.arrayContaining([expect.objectContaining({ count: 16 })])
		);
		const file = await getFile(created.body.id!);
		expect(file.nodes).toHaveLength(9);
		expect(file.edges).toHaveLength(5);
	});

	describe('refuses bad uploads, creating nothing', () => {
		let before: string[];
		beforeAll(async () => {
			before = await listedIds();
		});
		const hostile = (name: string) => readFileSync(join(FIXTURES, 'hostile', name), 'utf8');
		const cases: Array<[string, () => Promise<Created>, number, RegExp]> = [
			[
				'truncated JSON',
				() => upload(hostile('truncated-json.txt'), 'application/json'),
				400,
				/JSON/
			],
			[
				'an AIF edge to a missing node',
				() => upload(hostile('aif-edge-to-missing-node.json'), 'application/json'),
				400,
				/AIF/
			],
			[
				'a warrant-map file with an edge to a missing node',
				() => upload(hostile('edge-to-missing-node.json'), 'application/json'),
				400,
				/no node/
			],
			[
				'a warrant-map file with duplicate node ids',
				() => upload(hostile('duplicate-node-ids.json'), 'application/json'),
				400,
				/duplicate/i
			],
			[
				'prose that says nothing about its format',
				() => upload('Just some text. Nothing else.', 'text/plain'),
				400,
				/unrecognised/
			],
			[
				'format=aif for an Argdown file',
				() => upload('[a]: A claim.\n  + [b]: A reason.', 'text/plain', { query: '?format=aif' }),
				400,
				/format=aif/
			],
			[
				'an unknown format',
				() => upload('{}', 'application/json', { query: '?format=xml' }),
				400,
				/json, aif, argdown/
			],
			[
				'invalid UTF-8',
				() =>
					upload(new Blob([Uint8Array.of(0x5b, 0x61, 0x5d, 0x3a, 0xff, 0xfe)]), 'text/x-argdown'),
				400,
				/UTF-8/
			],
			['an empty upload', () => upload('  \n', 'text/x-argdown'), 400, /empty/],
			[
				'an unusable X-Filename',
				() => upload('[a]: A.', 'text/plain', { headers: { 'x-filename': '..%2Fetc%2Fpasswd' } }),
				400,
				/X-Filename/
			],
			[
				'a multipart form',
				() => upload('--x--', 'multipart/form-data; boundary=x'),
				415,
				/text\/x-argdown/
			],
			[
				'a file over 10 MiB',
				() => upload('[a]: ' + 'x'.repeat(10 * 1024 * 1024), 'text/x-argdown'),
				413,
				/larger than 10485760/
			]
		];

		it.each(cases)('%s', async (_name, send, status, error) => {
			const reply = await send();
			expect(reply.status).toBe(status);
			expect(reply.body.error).toMatch(error);
		});

		it('and the listing is unchanged afterwards', async () => {
			expect(await listedIds()).toEqual(before);
		});
	});
});
