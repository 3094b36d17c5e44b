/**
 * Pictures over HTTP without a browser (`GET /api/maps/<id>/export?format=svg|png|pdf`) against the
 * real built server: each format as a download, PNG sizes at 1x, 2x and as slides, the handout PDF
 * read back with pdf.js (pages, smallest text, embedded fonts, Swedish and Chinese as text), the
 * map's access rules, and hostile query strings refused with a 400 that names the parameter.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MapFile } from '$lib/model/mapfile';
import { exportToSvgDocument } from '$lib/drawing/svg';
import { sourceLineOf } from '$lib/drawing/svg-input';
import { fontMeasure } from '../../src/server/render/fonts';
import { MIN_HANDOUT_PT } from '$lib/export/handout';
import { pdfFacts } from '$tests/helpers/pdf-facts';
import { ROOT_DIR } from '$tests/helpers/server';
import { SAMPLE_FILE, SAMPLE_ID, useServer } from './support';

const ESSAY_FILE = `${ROOT_DIR}/maps/china-digging-in.json`;

const pngSize = (bytes: Buffer) => {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

/** The sample map with labels in Swedish and Chinese, as a seminar on a Chinese essay has. */
function unicodeMap(id: string): MapFile {
	const file = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
	file.id = id;
	file.meta.title = 'Åsa’s seminar: 习近平 and “the long game”';
	file.nodes[0].text = 'Åsa Lindqvist: “Sundays are for everyone”';
	file.nodes[1].text = '习近平 (Xi Jinping) said: 中国 will not change course';
	return file;
}

describe('pictures over HTTP', () => {
	const { server } = useServer();
	const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
	const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());
	let uni: MapFile;

	beforeAll(async () => {
		uni = unicodeMap('unicode-seminar');
		const res = await get('/api/maps', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(uni)
		});
		expect(res.status).toBe(201);
	});

	it('draws the SVG export in Node, measured with the fonts the PNG and PDF use', async () => {
		const res = await get(`/api/maps/${SAMPLE_ID}/export?format=svg`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="should-libraries-open-on-sundays.svg"'
		);
		const file = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
		// Title, source line and legend are on by default, as in the menu and the CLI.
		const expected = exportToSvgDocument(file, {
			title: file.meta.title,
			sourceLine: sourceLineOf(file.meta),
			legend: true,
			measure: fontMeasure()
		});
		expect(await res.text()).toBe(expected.svg);
	});

	it('draws PNGs at the asked scale (2x by default) and slides at 1920x1080 and 3840x2160', async () => {
		const svg = await (await get(`/api/maps/${SAMPLE_ID}/export?format=svg`)).text();
		const w = Number(/width="(\d+)"/.exec(svg)![1]);
		const h = Number(/height="(\d+)"/.exec(svg)![1]);
		const one = await get(`/api/maps/${SAMPLE_ID}/export?format=png&scale=1`);
		expect(one.headers.get('content-type')).toBe('image/png');
		expect(pngSize(await bytesOf(one))).toEqual({ width: w, height: h });
		const two = await get(`/api/maps/${SAMPLE_ID}/export?format=png`);
		expect(pngSize(await bytesOf(two))).toEqual({ width: 2 * w, height: 2 * h });
		for (const [slide, size] of [
			['1080', { width: 1920, height: 1080 }],
			['2160', { width: 3840, height: 2160 }]
		] as const) {
			const res = await get(`/api/maps/${SAMPLE_ID}/export?format=png&slide=${slide}`);
			expect(res.status).toBe(200);
			expect(pngSize(await bytesOf(res))).toEqual(size);
			const said = decodeURIComponent(res.headers.get('x-warrant-export') ?? '');
			const labelPx = Number(/labels ([\d.]+) px/.exec(said)?.[1]);
			expect(labelPx).toBeGreaterThanOrEqual(18);
		}
	});

	it('prints a handout with every text at 8 pt or more, fonts embedded, Swedish and Chinese as text', async () => {
		const res = await get('/api/maps/unicode-seminar/export?format=pdf');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		const facts = await pdfFacts(await bytesOf(res));
		expect(facts.minFontPt).toBeGreaterThanOrEqual(MIN_HANDOUT_PT);
		const all = facts.text.join('\n');
		expect(all).toContain('Åsa Lindqvist');
		expect(all).toContain('习近平');
		expect(all).toContain('“Sundays are for everyone”');
		expect(facts.fonts.length).toBeGreaterThanOrEqual(2);
		for (const f of facts.fonts) expect(f).toMatchObject({ embedded: true });
		expect(facts.fonts.map((f) => f.name).join(' ')).toMatch(/DejaVuSans.*|NotoSansHans/);
		expect(facts.fonts.some((f) => f.name.includes('NotoSansHans'))).toBe(true);

		// The one-page layout fits the map on one page, with the same embedded fonts.
		const page = await pdfFacts(
			await bytesOf(await get('/api/maps/unicode-seminar/export?format=pdf&layout=page'))
		);
		expect(page.pages).toBe(1);
		expect(page.text[0]).toContain('习近平');
		for (const f of page.fonts) expect(f.embedded).toBe(true);
	});

	it('cuts the essay map into parts with an overview, each part at the handout size', async () => {
		const essay = JSON.parse(readFileSync(ESSAY_FILE, 'utf8')) as MapFile;
		essay.id = 'essay-copy';
		const made = await get('/api/maps', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(essay)
		});
		expect(made.status).toBe(201);
		const res = await get('/api/maps/essay-copy/export?format=pdf&page=letter');
		const facts = await pdfFacts(await bytesOf(res));
		expect(facts.minFontPt).toBeGreaterThanOrEqual(MIN_HANDOUT_PT);
		const said = decodeURIComponent(res.headers.get('x-warrant-export') ?? '');
		expect(said).toMatch(new RegExp(`^${facts.pages} pages, LETTER (portrait|landscape) handout`));
		expect(facts.pages).toBeGreaterThan(2);
		expect(facts.text[0]).toContain('overview and page index');
		expect(facts.text[1]).toMatch(/part A1 of \d+×\d+ · page 2 of \d+/);
		// Every part of the grid is listed on the overview with its page.
		for (let p = 2; p <= facts.pages; p++) expect(facts.text[0]).toContain(`p. ${p}`);
		expect([facts.size.w, facts.size.h].sort((a, b) => a - b)).toEqual([612, 792]);
		// Every label of the essay is printed somewhere (a part shows it whole or cut at its edge).
		const printed = facts.text.slice(1).join(' ').replace(/\s+/g, '');
		for (const n of essay.nodes.slice(0, 20))
			expect(printed).toContain(n.text.split(/\s+/).slice(0, 2).join(''));
	});

	it('keeps the map’s access rules: a protected map needs its token', async () => {
		const share = await get('/api/maps/unicode-seminar/share', { method: 'POST' });
		expect(share.status).toBe(200);
		const { viewUrl } = (await share.json()) as { viewUrl: string };
		const view = new URL(viewUrl).searchParams.get('token')!;
		for (const format of ['svg', 'png', 'pdf']) {
			const refused = await get(`/api/maps/unicode-seminar/export?format=${format}`);
			expect(refused.status).toBe(403);
			expect(await refused.json()).toMatchObject({ reason: 'token-required' });
			const wrong = await get(`/api/maps/unicode-seminar/export?format=${format}&token=nope`);
			expect(wrong.status).toBe(403);
			const ok = await get(`/api/maps/unicode-seminar/export?format=${format}&token=${view}`);
			expect(ok.status).toBe(200);
			const bearer = await get(`/api/maps/unicode-seminar/export?format=${format}`, {
				headers: { authorization: `Bearer ${view}` }
			});
			expect(bearer.status).toBe(200);
		}
		expect((await get('/api/maps/no-such-map/export?format=png')).status).toBe(404);
	});

	it.each([
		['format=bmp', /unknown format "bmp"/],
		['format=png&format=pdf', /exactly one format/],
		['format=png&scale=1e9', /scale must be a number from 1 to 4/],
		['format=png&scale=100000', /scale must be a number from 1 to 4/],
		['format=png&scale=0', /scale must be a number from 1 to 4/],
		['format=png&scale=NaN', /scale must be/],
		['format=png&scale=2&scale=3', /scale given more than once/],
		['format=pdf&scale=2', /scale applies to png only/],
		['format=png&page=a4', /page applies to pdf only/],
		['format=pdf&layout=poster', /layout must be one of handout, page/],
		['format=pdf&page=a0', /page must be one of a4, letter/],
		['format=png&slide=720', /slide must be one of 1080, 2160/],
		['format=png&slide=1080&scale=2', /scale or slide, not both/],
		['format=svg&title=maybe', /title must be 1 or 0/],
		['format=svg&view=1,2,3', /view must be x,y,width,height/],
		['format=svg&view=0,0,-5,10', /view must be x,y,width,height/],
		['format=svg&view=0,0,1e99,10', /view must be x,y,width,height/],
		['format=svg&nodes=', /nodes must list node ids/],
		[`format=svg&nodes=${'x'.repeat(201)}`, /id longer than 200 characters/],
		['format=svg&%3Cscript%3E=1', /unknown parameter "<script>"/]
	])('refuses hostile query %# with a 400 that says what is wrong', async (query, message) => {
		const res = await get(`/api/maps/${SAMPLE_ID}/export?${query}`);
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: string };
		expect(body.error).toMatch(message);
		// Nothing was drawn: the server still answers at once.
		expect((await get(`/api/maps/${SAMPLE_ID}/export?format=svg`)).status).toBe(200);
	});

	it('answers a URL past the header limit with a 4xx and keeps serving', async () => {
		const ids = Array.from({ length: 10_001 }, (_, i) => `n${i}`).join(',');
		const res = await get(`/api/maps/${SAMPLE_ID}/export?format=svg&nodes=${ids}`);
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		expect((await get(`/api/maps/${SAMPLE_ID}/export?format=svg`)).status).toBe(200);
	});

	it('draws only the given nodes, or a cut of the map at a view', async () => {
		const file = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
		const ids = file.nodes.slice(0, 2).map((n) => n.id);
		const svg = await (
			await get(`/api/maps/${SAMPLE_ID}/export?format=svg&nodes=${ids.join(',')}`)
		).text();
		const drawn = [...svg.matchAll(/class="node [^"]*" data-id="([^"]+)"/g)].map((m) => m[1]);
		expect(drawn.sort()).toEqual([...ids].sort());
		const cut = await (
			await get(`/api/maps/${SAMPLE_ID}/export?format=svg&view=0,0,300,200&legend=0`)
		).text();
		expect(cut).toContain('<clipPath id="warrant-view">');
		expect(cut).not.toContain('class="legend"');
	});
});
