import { describe, expect, it } from 'vitest';
import {
	createMap,
	extractReading,
	importMapFile,
	listMaps,
	readingType,
	sourceLine
} from './maps-api';

const respond = (status: number, body: unknown) =>
	(async () =>
		new Response(typeof body === 'string' ? body : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		})) as unknown as typeof fetch;

const input = { title: 't', text: 'x.', author: '', publication: '', date: '', lang: '' };

describe('maps API client', () => {
	it('lists maps and drops malformed entries', async () => {
		const maps = await listMaps(
			respond(200, [
				{
					id: 'a',
					title: 'A',
					source: { title: 'S', author: 'W' },
					nodeCount: 3,
					edgeCount: 1,
					updatedAt: 'x'
				},
				{ nope: 1 }
			])
		);
		expect(maps).toEqual([
			{
				id: 'a',
				title: 'A',
				source: { title: 'S', author: 'W' },
				nodeCount: 3,
				edgeCount: 1,
				updatedAt: 'x'
			}
		]);
	});

	it('passes on the server error of a refused map', async () => {
		expect(await createMap(input, respond(400, { error: 'text is empty' }))).toEqual({
			ok: false,
			error: 'text is empty'
		});
		expect(await createMap(input, respond(500, 'oops'))).toMatchObject({
			ok: false,
			error: expect.stringContaining('500')
		});
		expect(await createMap(input, respond(201, { id: 'new-map' }))).toEqual({
			ok: true,
			id: 'new-map'
		});
	});
});

describe('map file import client', () => {
	const file = (name: string, text = '{}', size = text.length) => ({
		name,
		size,
		text: async () => text
	});

	it('sends each file type with its content type and the file name', async () => {
		const seen: Array<{ type: string; name: string; body: string }> = [];
		const fetcher = (async (_url: string, init: RequestInit) => {
			const h = init.headers as Record<string, string>;
			seen.push({ type: h['content-type'], name: h['x-filename'], body: String(init.body) });
			return new Response(
				JSON.stringify({
					id: 'm1',
					report: { format: 'aif', nodes: 2, edges: 1, skipped: [], warnings: [] }
				}),
				{ status: 201 }
			);
		}) as unknown as typeof fetch;
		expect(await importMapFile(file('Map.JSON', '{"a":1}'), fetcher)).toMatchObject({
			ok: true,
			id: 'm1',
			report: { format: 'aif', nodes: 2 }
		});
		await importMapFile(file('debate one.argdown', '[a]: A'), fetcher);
		expect(seen).toEqual([
			{ type: 'application/json', name: 'Map.JSON', body: '{"a":1}' },
			{ type: 'text/x-argdown', name: 'debate%20one.argdown', body: '[a]: A' }
		]);
	});

	it.each([
		['an essay', file('essay.txt'), /for an essay use "New map"/],
		['an image', file('map.png'), /import takes a warrant-map/],
		[
			'a file over 10 MiB',
			file('big.json', '{}', 11 * 1024 * 1024),
			/11\.0 MiB; the limit is 10 MiB/
		]
	])('refuses %s before sending it', async (_name, f, message) => {
		let called = false;
		const fetcher = (async () => {
			called = true;
			return new Response('{}');
		}) as unknown as typeof fetch;
		const result = await importMapFile(f, fetcher);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error).toMatch(message);
		expect(called).toBe(false);
	});

	it('passes on the server refusal, naming the file', async () => {
		const result = await importMapFile(
			file('bad.json'),
			respond(400, { error: 'AIF: edges[3].toID refers to missing node 9' })
		);
		expect(result).toEqual({
			ok: false,
			error: 'bad.json: AIF: edges[3].toID refers to missing node 9'
		});
	});
});

describe('readings for "New map"', () => {
	it.each([
		['essay.pdf', 'application/pdf'],
		['Page.HTML', 'text/html'],
		['saved.htm', 'text/html'],
		['report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
		['old.doc', null],
		['notes.txt', null],
		['pdf', null]
	])('%s is sent as %s', (name, type) => {
		expect(readingType(name)).toBe(type);
	});

	const file = (name: string, size = 10) => ({
		name,
		size,
		arrayBuffer: async () => new ArrayBuffer(size)
	});

	it('refuses what it does not read, and what is too large, without asking the server', async () => {
		const never = (async () => {
			throw new Error('no request expected');
		}) as unknown as typeof fetch;
		expect(await extractReading(file('old.doc'), never)).toEqual({
			ok: false,
			error:
				'old.doc: "New map" reads PDF, web pages (.html) and Word files (.docx), or text (.txt, .md)'
		});
		expect(await extractReading(file('big.pdf', 60 * 1024 * 1024), never)).toEqual({
			ok: false,
			error: 'big.pdf is 60.0 MiB; the most that is read is 50 MiB'
		});
	});

	it("passes the server's refusal on as it is (it names the file)", async () => {
		const result = await extractReading(
			file('scan.pdf'),
			respond(422, { error: 'scan.pdf: the PDF has no text layer' })
		);
		expect(result).toEqual({ ok: false, error: 'scan.pdf: the PDF has no text layer' });
	});

	it('keeps the fields it knows and drops malformed ones', async () => {
		const result = await extractReading(
			file('a.pdf'),
			respond(200, {
				title: 'T',
				author: '',
				date: 7,
				lang: 'en',
				text: 'One.\n\nTwo.',
				paragraphs: ['One.', 2, 'Two.'],
				warnings: ['w', null]
			})
		);
		expect(result).toEqual({
			ok: true,
			reading: {
				title: 'T',
				author: null,
				date: null,
				lang: 'en',
				text: 'One.\n\nTwo.',
				paragraphs: ['One.', 'Two.'],
				warnings: ['w']
			}
		});
	});
});

describe('the map list’s source line', () => {
	it.each([
		[
			'title and author',
			{ title: 'Map', source: { title: 'Essay', author: 'Ann' } },
			'Essay · Ann'
		],
		['no source title', { title: 'Map', source: { title: '', author: 'Ann' } }, 'Ann'],
		['source title is the map’s', { title: 'Map', source: { title: 'Map', author: 'Ann' } }, 'Ann'],
		['no author', { title: 'Map', source: { title: 'Essay', author: ' ' } }, 'Essay'],
		['nothing', { title: 'Map', source: { title: '', author: '' } }, '']
	])('%s', (_name, entry, line) => {
		expect(sourceLine(entry)).toBe(line);
	});
});
