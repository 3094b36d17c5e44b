/**
 * `POST /api/extract` against the real server process: readings made from the seed essay (PDFs
 * printed by Chromium in one and two columns with running headers and page numbers, a web page with
 * menus, ads and scripts, a Word file written by the `docx` library, plain text) come back as the
 * essay's text, and a map made from that text has the essay map's sentences, so its anchors line up.
 * Bad files — encrypted and scanned PDFs, ZIP bombs, a 200 MB body, pages of scripts, files whose
 * type lies, a page too slow to read — are refused with the file's name and the problem, create
 * nothing, and leave the server answering.
 */
import { request } from 'node:http';
import { deflateRawSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extracted } from '$lib/api/wire';
import type { MapFile } from '$lib/model/mapfile';
import { launchBrowser } from '$tests/helpers/browser';
import type { RunningServer } from '$tests/helpers/server';
import { useServer } from './support';
import {
	encryptedPdf,
	essayDocx,
	essayHtml,
	essayPdf,
	loadEssay,
	scannedPdf,
	typeset,
	typesetPdf,
	zipArchive,
	type Essay
} from '$tests/fixtures/readings';

const PDF = 'application/pdf';
const HTML = 'text/html';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TEXT = 'text/plain';

const { server } = useServer();
let browser: Browser;
let essay: Essay;

beforeAll(async () => {
	essay = loadEssay();
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

async function extract(
	body: Uint8Array | string,
	type: string,
	filename?: string,
	target: RunningServer = server
): Promise<{ status: number; body: Extracted & { error?: string } }> {
	const res = await fetch(`${target.url}/api/extract`, {
		method: 'POST',
		headers: {
			'content-type': type,
			...(filename ? { 'x-filename': encodeURIComponent(filename) } : {})
		},
		body: typeof body === 'string' ? body : new Uint8Array(body)
	});
	return { status: res.status, body: (await res.json()) as Extracted & { error?: string } };
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

async function mapCount(): Promise<number> {
	const res = await fetch(`${server.url}/api/maps`);
	return ((await res.json()) as unknown[]).length;
}

/**
 * Makes a map from the extracted text through `POST /api/maps` (the same path as the home page
 * after review) and checks that its sentences are the essay map's, id for id, and that every
 * anchor of the essay map falls in its sentence at the same place.
 */
async function expectSentencesAndAnchorsLineUp(extracted: Extracted): Promise<void> {
	const created = await fetch(`${server.url}/api/maps`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			title: extracted.title ?? 'The essay',
			text: extracted.text,
			lang: essay.lang
		})
	});
	expect(created.status).toBe(201);
	const { id } = (await created.json()) as { id: string };
	const map = (await (await fetch(`${server.url}/api/maps/${id}`)).json()) as MapFile;
	const want = essay.map.sentences;
	expect(map.sentences.map((s) => [s.id, squash(s.text)])).toEqual(
		want.map((s) => [s.id, squash(s.text)])
	);
	const byId = new Map(map.sentences.map((s) => [s.id, s]));
	const wantById = new Map(want.map((s) => [s.id, s]));
	let anchors = 0;
	for (const node of essay.map.nodes)
		for (const anchor of node.anchors ?? []) {
			const original = wantById.get(anchor.sentenceId)!;
			const recovered = byId.get(anchor.sentenceId)!;
			// The anchor's place inside its sentence: the same in the map made from the file.
			const at = anchor.start - original.start;
			const text = map.meta.source.text.slice(
				recovered.start + at,
				recovered.start + at + anchor.exact.length
			);
			expect(squash(text)).toBe(squash(anchor.exact));
			anchors++;
		}
	expect(anchors).toBeGreaterThan(50);
}

describe('POST /api/extract: readings come back as the essay', () => {
	it.each([1, 2] as const)(
		'a PDF printed by Chromium in %i column(s), with running headers and page numbers',
		{ timeout: 120_000 },
		async (columns) => {
			const pdf = await essayPdf(browser, essayHtml(essay, { columns }));
			const { status, body } = await extract(pdf, PDF, `essay-${columns}col.pdf`);
			expect(status).toBe(200);
			expect(body.paragraphs.map(squash)).toEqual(essay.paragraphs.map(squash));
			expect(squash(body.text)).toBe(squash(essay.paragraphs.join(' ')));
			expect(body.text).not.toMatch(/Page \d+ of \d+|The Review · Foreign policy/);
			expect(body.title).toBe(essay.title);
			expect(body.warnings.join(' ')).toMatch(/Dropped \d+ running header\/footer line/);
			await expectSentencesAndAnchorsLineUp(body);
		}
	);

	it(
		'a typeset PDF with words hyphenated at line ends gets them back whole',
		{ timeout: 120_000 },
		async () => {
			const { lines, splits } = typeset(essay.paragraphs);
			expect(splits).toBeGreaterThan(20);
			const pdf = await typesetPdf(browser, lines);
			const { status, body } = await extract(pdf, PDF, 'typeset.pdf');
			expect(status).toBe(200);
			expect(body.paragraphs).toEqual(essay.paragraphs);
			expect(body.warnings).toContain(
				`Joined ${splits} word(s) hyphenated at line ends; check compounds such as "well-known".`
			);
			await expectSentencesAndAnchorsLineUp(body);
		}
	);

	it(
		'a saved web page with a menu, ads and scripts around the article',
		{ timeout: 60_000 },
		async () => {
			const html = essayHtml(essay, { siteChrome: true });
			const { status, body } = await extract(html, `${HTML}; charset=utf-8`, 'essay.html');
			expect(status).toBe(200);
			expect(body.paragraphs.map(squash)).toEqual(essay.paragraphs.map(squash));
			expect(body.text).not.toMatch(
				/Subscribe|Advertisement|Injected by a script|Most read|Privacy/
			);
			expect(body).toMatchObject({
				title: essay.title,
				author: essay.author,
				date: essay.date,
				lang: essay.lang
			});
			expect(body.warnings).toContain('Removed 4 script(s); none was run.');
			await expectSentencesAndAnchorsLineUp(body);
		}
	);

	it(
		'a Word file written by the docx library, with a header and page numbers',
		{ timeout: 60_000 },
		async () => {
			const { status, body } = await extract(await essayDocx(essay), DOCX, 'essay.docx');
			expect(status).toBe(200);
			expect(body.paragraphs.map(squash)).toEqual(essay.paragraphs.map(squash));
			expect(body.text).not.toMatch(/The Review · Foreign policy|Page \d/);
			expect(body).toMatchObject({ title: essay.title, author: essay.author });
			await expectSentencesAndAnchorsLineUp(body);
		}
	);

	it('plain text, in UTF-8 or UTF-16, with its paragraphs', async () => {
		const text = essay.paragraphs.join('\n\n');
		const utf8 = await extract(text, TEXT, 'essay.txt');
		expect(utf8.status).toBe(200);
		expect(utf8.body.paragraphs).toEqual(essay.paragraphs);
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const second = await extract(utf16, TEXT, 'essay-utf16.txt');
		expect(second.body.paragraphs).toEqual(essay.paragraphs);
		await expectSentencesAndAnchorsLineUp(utf8.body);
	});
});

/**
 * Declares `total` bytes in Content-Length and starts sending them; resolves with the answer, which
 * must come before the client has sent more than its first megabyte.
 */
function postHuge(total: number, filename: string): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}/api/extract`, {
			method: 'POST',
			headers: { 'content-type': PDF, 'content-length': String(total), 'x-filename': filename }
		});
		req.on('response', (res) => {
			let body = '';
			res.on('data', (d) => (body += d));
			res.on('end', () => {
				resolve({ status: res.statusCode ?? 0, body });
				req.destroy();
			});
		});
		req.on('error', reject);
		const first = Buffer.alloc(1024 * 1024, 0x41);
		first.write('%PDF-1.7\n');
		req.write(first);
	});
}

describe('POST /api/extract: bad files are refused, name the file, create nothing', () => {
	const CONTENT_TYPES = Buffer.from(
		'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
	);

	it.each([
		{
			name: 'an encrypted PDF',
			file: 'locked.pdf',
			type: PDF,
			bytes: () => encryptedPdf(),
			status: 422,
			error: /^locked\.pdf: the PDF is encrypted with a password/
		},
		{
			name: 'a scanned PDF without a text layer',
			file: 'scan.pdf',
			type: PDF,
			bytes: () => scannedPdf(browser),
			status: 422,
			error: /^scan\.pdf: the PDF has no text layer \(1 page of images: a scan\?\)/
		},
		{
			name: 'a DOCX ZIP bomb (200 MB of XML in 200 KB)',
			file: 'bomb.docx',
			type: DOCX,
			bytes: () =>
				zipArchive([
					{ name: '[Content_Types].xml', data: CONTENT_TYPES },
					{ name: 'word/document.xml', data: Buffer.alloc(200 * 1024 * 1024, 0x20) }
				]),
			status: 422,
			error: /^bomb\.docx: it unpacks to 200 MB of XML \(the limit is 64 MB\): a ZIP bomb/
		},
		{
			name: 'a DOCX ZIP bomb whose directory lies about its sizes',
			file: 'liar.docx',
			type: DOCX,
			bytes: () =>
				zipArchive([
					{ name: '[Content_Types].xml', data: CONTENT_TYPES },
					{ name: 'word/document.xml', data: Buffer.alloc(100 * 1024 * 1024, 0x20), declared: 1000 }
				]),
			status: 422,
			error:
				/^liar\.docx: (its parts unpack to more than its ZIP directory declares|reading it needed more than)/
		},
		{
			name: 'a web page of nothing but scripts',
			file: 'app.html',
			type: HTML,
			bytes: () =>
				`<!doctype html><html><head><script src="app.js"></script></head><body><div id="app"></div>${'<script>document.getElementById("app").innerHTML = "<p>Rendered by a script.</p>";</script>'.repeat(2000)}</body></html>`,
			status: 422,
			error:
				/^app\.html: the page has no text of its own \(only 2001 script\(s\), which are never run\)/
		},
		{
			name: 'a Word file sent as a PDF',
			file: 'essay.pdf',
			type: PDF,
			bytes: () => essayDocx(essay),
			status: 415,
			error: /^essay\.pdf: it was sent as a PDF, but its content is a ZIP archive/
		},
		{
			name: 'a PDF sent as a Word file',
			file: 'essay.docx',
			type: DOCX,
			bytes: () => encryptedPdf(),
			status: 415,
			error: /^essay\.docx: it was sent as a Word document \(\.docx\), but its content is a PDF/
		},
		{
			name: 'a PNG image sent as a PDF',
			file: 'photo.pdf',
			type: PDF,
			bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
			status: 415,
			error: /^photo\.pdf: it was sent as a PDF, but its content is a PNG image/
		},
		{
			name: 'a ZIP archive that is not a Word file',
			file: 'notes.docx',
			type: DOCX,
			bytes: () => zipArchive([{ name: 'notes.txt', data: Buffer.from('hello') }]),
			status: 415,
			error: /^notes\.docx: it is a ZIP archive but not a Word document/
		},
		{
			name: 'an old binary Word file',
			file: 'old.doc',
			type: 'application/msword',
			bytes: () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0]),
			status: 415,
			error: /^old\.doc: application\/msword files are not read here; send application\/pdf/
		},
		{
			name: 'a PDF sent as plain text',
			file: 'essay.txt',
			type: TEXT,
			bytes: () => encryptedPdf(),
			status: 415,
			error: /^essay\.txt: it was sent as plain text, but its content is a PDF/
		},
		{
			name: 'a text file longer than a map may be',
			file: 'book.txt',
			type: TEXT,
			bytes: () => Buffer.from('A sentence of a very long book. '.repeat(20_000)),
			status: 422,
			error: /^book\.txt: its text is 640,000 characters; a map's source holds at most 500,000$/
		},
		{
			name: 'an empty file',
			file: 'empty.pdf',
			type: PDF,
			bytes: () => Buffer.alloc(0),
			status: 415,
			error: /^empty\.pdf: the file is empty/
		}
	])('$name', { timeout: 120_000 }, async ({ file, type, bytes, status, error }) => {
		// The file first: making a bomb can take longer than the server keeps an idle connection
		// open (5 s), and fetch would send the file on the socket the count left idle just as the
		// server closes it (UND_ERR_SOCKET, seen once under load).
		const body = await bytes();
		const before = await mapCount();
		const res = await extract(body, type, file);
		expect(res.body.error).toMatch(error);
		expect(res.status).toBe(status);
		expect(await mapCount()).toBe(before);
		expect(server.proc.exitCode).toBeNull();
	});

	it('a 200 MB body is refused before it is read', { timeout: 60_000 }, async () => {
		const res = await postHuge(200 * 1024 * 1024, 'huge.pdf');
		expect(res.status).toBe(413);
		expect(JSON.parse(res.body).error).toBe('huge.pdf is larger than 50 MB, the most that is read');
	});

	it('a page with thousands of scripts around its article gives the article only', async () => {
		const noise = '<script>while (true) {}</script><script src="track.js"></script>'.repeat(2500);
		const article = essay.paragraphs
			.slice(5, 9)
			.map((p) => `<p>${p}</p>`)
			.join('');
		const html = `<!doctype html><html><head>${noise}<title>T</title></head><body>${noise}<article>${article}</article>${noise}</body></html>`;
		const { status, body } = await extract(html, HTML, 'scripts.html');
		expect(status).toBe(200);
		expect(body.paragraphs).toEqual(essay.paragraphs.slice(5, 9));
		expect(body.warnings).toContain('Removed 15000 script(s); none was run.');
	});

	it('after all of it the server still reads files and serves maps', async () => {
		const pdf = await essayPdf(browser, essayHtml(essay));
		const { status, body } = await extract(pdf, PDF, 'again.pdf');
		expect(status).toBe(200);
		expect(body.paragraphs).toHaveLength(essay.paragraphs.length);
		expect((await fetch(`${server.url}/api/maps`)).status).toBe(200);
	});
});

describe('POST /api/extract: a file too slow to read', () => {
	const { server: slow } = useServer({ env: { WARRANT_EXTRACT_TIMEOUT_MS: '3000' } });

	it('is stopped at the deadline, and the server goes on', { timeout: 60_000 }, async () => {
		const deep = `<html><body>${'<div>'.repeat(200_000)}Deep text.${'</div>'.repeat(200_000)}</body></html>`;
		const started = Date.now();
		const res = await extract(deep, HTML, 'deep.html', slow);
		expect(res.status).toBe(422);
		expect(res.body.error).toBe('deep.html: reading it took longer than 3 s and was stopped');
		expect(Date.now() - started).toBeLessThan(20_000);
		const after = await extract('Still here. Yes.', TEXT, 'after.txt', slow);
		expect(after.body.paragraphs).toEqual(['Still here. Yes.']);
		expect(slow.proc.exitCode).toBeNull();
	});
});

describe('POST /api/extract: the request itself', () => {
	it.each([
		['GET', undefined, 405],
		['POST', 'application/json', 415]
	])('%s with %s → %i', async (method, type, status) => {
		const res = await fetch(`${server.url}/api/extract`, {
			method,
			...(method === 'POST' ? { body: '{}', headers: { 'content-type': type! } } : {})
		});
		expect(res.status).toBe(status);
		expect(((await res.json()) as { error: string }).error).toBeTruthy();
	});

	it('a DOCX whose XML declares 3 GB is refused from its directory alone', async () => {
		const small = deflateRawSync(Buffer.alloc(1024));
		expect(small.length).toBeLessThan(100);
		const bomb = zipArchive([
			{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
			{ name: 'word/document.xml', data: Buffer.alloc(1024), declared: 3 * 1024 * 1024 * 1024 }
		]);
		const res = await extract(bomb, DOCX);
		expect(res.status).toBe(422);
		expect(res.body.error).toMatch(/^The file: it unpacks to 3,072 MB of XML/);
	});
});
