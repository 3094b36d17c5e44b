/**
 * The export CLI as a user runs it: real child processes of `scripts/export.ts`, real files, the
 * browserless renderer for SVG, PNG and PDF (read back with pdf.js), Chromium for JPEG, a real
 * SQLite store for map ids.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setNodeText } from '$lib/model/doc';
import { fileToDoc, parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { openSqliteStorage } from '../src/server/storage/sqlite';
import { allElements, parseXml, textOf } from '$lib/drawing/testing/xml';
import { MIN_HANDOUT_PT } from '$lib/export/handout';
import { pdfFacts } from '$tests/helpers/pdf-facts';

const ROOT = resolve(import.meta.dirname, '..');
const SAMPLE_ID = 'sample-sunday-libraries';
const SAMPLE = join(ROOT, 'maps', `${SAMPLE_ID}.json`);
/** Each CLI run starts Node (and maybe Chromium) afresh; the machine is shared, so allow plenty. */
const SLOW = 180_000;

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
	return new Promise((done) => {
		execFile(
			process.execPath,
			['--import', 'tsx', join(ROOT, 'scripts/export.ts'), ...args],
			{ cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
			(err, stdout, stderr) => {
				const code = err ? ((err as { code?: number }).code ?? -1) : 0;
				done({ code: typeof code === 'number' ? code : -1, stdout, stderr });
			}
		);
	});
}

function sample(): MapFile {
	const r = parseMapFileText(readFileSync(SAMPLE, 'utf8'));
	if (!r.ok) throw new Error(r.error);
	return r.value;
}

/** Width, height and colour type from a PNG's IHDR chunk, and its first pixel (RGBA). */
function readPng(bytes: Buffer) {
	expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
	const colourType = bytes[25];
	const idat: Buffer[] = [];
	for (let at = 8; at < bytes.length;) {
		const len = bytes.readUInt32BE(at);
		if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT')
			idat.push(bytes.subarray(at + 8, at + 8 + len));
		at += 12 + len;
	}
	// Row 0's first pixel comes out unchanged under every PNG filter (it has no left or upper
	// neighbours), so it can be read without unfiltering.
	const raw = inflateSync(Buffer.concat(idat));
	const channels = colourType === 6 ? 4 : 3;
	const px = [...raw.subarray(1, 1 + channels)];
	return {
		width: bytes.readUInt32BE(16),
		height: bytes.readUInt32BE(20),
		colourType,
		firstPixel: channels === 3 ? [...px, 255] : px
	};
}

/** Every tspan line of every node, by node id. */
function labelsIn(svg: string): Map<string, string> {
	const root = parseXml(svg);
	const out = new Map<string, string>();
	for (const el of allElements(root))
		if ((el.attrs.class ?? '').startsWith('node '))
			out.set(
				el.attrs['data-id'],
				el.children
					.find((c) => c.name === 'text')!
					.children.map(textOf)
					.join(' ')
			);
	return out;
}

/** A SQLite store at `dataDir` holding the sample map as `id`; the caller edits and closes it. */
async function storeSample(dataDir: string, id: string) {
	const storage = openSqliteStorage(dataDir);
	const doc = fileToDoc(sample());
	await storage.createMap(
		{
			id,
			title: id,
			sourceTitle: '',
			sourceAuthor: '',
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-01T00:00:00.000Z',
			nodeCount: sample().nodes.length,
			edgeCount: sample().edges.length
		},
		Y.encodeStateAsUpdate(doc)
	);
	return { storage, doc };
}

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'warrant-export-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run export', () => {
	it(
		'writes an SVG holding every label of a map file',
		async () => {
			const out = join(dir, 'map.svg');
			const run = await cli([SAMPLE, '--format', 'svg', '--out', out, '--title', '--legend']);
			expect(run.stderr).toBe('');
			expect(run.code).toBe(0);
			expect(run.stdout).toContain(`from file ${SAMPLE}`);
			const labels = labelsIn(readFileSync(out, 'utf8'));
			for (const n of sample().nodes) expect(labels.get(n.id)).toBe(n.text);
		},
		SLOW
	);

	it(
		'writes data formats through the format exporters',
		async () => {
			const out = join(dir, 'map.json');
			const run = await cli([SAMPLE, '--format', 'json', '--out', out]);
			expect(run.code).toBe(0);
			const back = parseMapFileText(readFileSync(out, 'utf8'));
			expect(back.ok && back.value.nodes.map((n) => n.text)).toEqual(
				sample().nodes.map((n) => n.text)
			);
			const md = join(dir, 'map.md');
			expect((await cli([SAMPLE, '--out', md])).code).toBe(0);
			expect(readFileSync(md, 'utf8')).toContain(sample().meta.title);
		},
		SLOW
	);

	it(
		'draws a PNG at the asked scale, white or transparent',
		async () => {
			const one = join(dir, 'one.png');
			const two = join(dir, 'two.png');
			const clear = join(dir, 'clear.png');
			expect((await cli([SAMPLE, '--format', 'png', '--out', one, '--scale', '1'])).code).toBe(0);
			const run = await cli([SAMPLE, '--format', 'png', '--out', two, '--scale', '2']);
			expect(run.code).toBe(0);
			const a = readPng(readFileSync(one));
			const b = readPng(readFileSync(two));
			expect(run.stdout).toContain(`${b.width}x${b.height} px at 2x`);
			expect([b.width, b.height]).toEqual([a.width * 2, a.height * 2]);
			// The sample map is about 1000 x 500 CSS pixels: a wrong size is not a rounding matter.
			expect(a.width).toBeGreaterThan(900);
			expect(a.width).toBeLessThan(1200);
			expect(b.firstPixel).toEqual([255, 255, 255, 255]);
			const t = await cli([
				SAMPLE,
				'--format',
				'png',
				'--out',
				clear,
				'--background',
				'transparent'
			]);
			expect(t.code).toBe(0);
			const c = readPng(readFileSync(clear));
			expect(c.colourType).toBe(6);
			expect(c.firstPixel[3]).toBe(0);
		},
		SLOW
	);

	it(
		'prints a PDF on one page of the asked size, turned to fit the map',
		async () => {
			const auto = join(dir, 'auto.pdf');
			const letter = join(dir, 'letter.pdf');
			expect((await cli([SAMPLE, '--format', 'pdf', '--out', auto, '--layout', 'page'])).code).toBe(
				0
			);
			const run = await cli([
				SAMPLE,
				'--format',
				'pdf',
				'--out',
				letter,
				'--layout',
				'page',
				'--page',
				'letter',
				'--orientation',
				'portrait'
			]);
			expect(run.code).toBe(0);
			for (const [path, w, h] of [
				[auto, 841.89, 595.28],
				[letter, 612, 792]
			] as const) {
				const pdf = readFileSync(path).toString('latin1');
				expect(pdf.startsWith('%PDF-')).toBe(true);
				expect(pdf.match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(1);
				const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!;
				expect(Number(box[1])).toBeCloseTo(w, 0);
				expect(Number(box[2])).toBeCloseTo(h, 0);
			}
		},
		SLOW
	);

	it(
		'prints the essay map as a handout by default: parts at 8 pt or more, fonts embedded, no Chromium',
		async () => {
			const out = join(dir, 'handout.pdf');
			const essay = join(ROOT, 'maps', 'china-digging-in.json');
			// No Chromium is reachable: the PDF must not need one.
			const run = await cli([essay, '--out', out], { CHROMIUM_PATH: '/nonexistent/chromium' });
			expect(run.stderr).toBe('');
			expect(run.code).toBe(0);
			const facts = await pdfFacts(readFileSync(out));
			expect(run.stdout).toContain(`(pdf, ${facts.pages} pages, A4`);
			expect(facts.pages).toBeGreaterThan(2);
			expect(facts.minFontPt).toBeGreaterThanOrEqual(MIN_HANDOUT_PT);
			for (const f of facts.fonts) expect(f.embedded).toBe(true);
			// Title, source line and legend are on by default (the shared defaults).
			expect(facts.text[1]).toContain('Sheena Chestnut Greitens');
			expect(facts.text.join(' ')).toContain('Supports');
		},
		SLOW
	);

	it(
		'draws slides at 1920x1080 and 3840x2160, and leaves out what --no-... turns off',
		async () => {
			const hd = join(dir, 'slide.png');
			const uhd = join(dir, 'slide4k.png');
			const run = await cli([SAMPLE, '--out', hd, '--slide', '1080'], {
				CHROMIUM_PATH: '/nonexistent/chromium'
			});
			expect(run.code).toBe(0);
			expect(readPng(readFileSync(hd))).toMatchObject({ width: 1920, height: 1080 });
			const labelPx = Number(/labels ([\d.]+) px/.exec(run.stdout)?.[1]);
			expect(labelPx).toBeGreaterThanOrEqual(18);
			expect((await cli([SAMPLE, '--out', uhd, '--slide', '2160'])).code).toBe(0);
			expect(readPng(readFileSync(uhd))).toMatchObject({ width: 3840, height: 2160 });

			const plain = join(dir, 'plain.svg');
			const full = join(dir, 'full.svg');
			expect((await cli([SAMPLE, '--out', full])).code).toBe(0);
			expect(
				(await cli([SAMPLE, '--out', plain, '--no-title', '--no-source', '--no-legend'])).code
			).toBe(0);
			const has = (svg: string, cls: string) =>
				allElements(parseXml(svg)).some((el) => el.attrs.class === cls);
			const fullSvg = readFileSync(full, 'utf8');
			const plainSvg = readFileSync(plain, 'utf8');
			for (const cls of ['title', 'source-line', 'legend']) {
				expect(has(fullSvg, cls)).toBe(true);
				expect(has(plainSvg, cls)).toBe(false);
			}
		},
		SLOW
	);

	it(
		'reads a map id from storage (read-only), with its latest edits',
		async () => {
			const dataDir = join(dir, 'data');
			const { storage, doc } = await storeSample(dataDir, 'stored-map');
			const before = Y.encodeStateVector(doc);
			setNodeText(doc, 'thesis', 'Edited after the snapshot', null);
			await storage.appendUpdate('stored-map', Y.encodeStateAsUpdate(doc, before), {
				at: Date.now(),
				authorId: null
			});
			await storage.close();
			const out = join(dir, 'stored.svg');
			const run = await cli(['stored-map', '--format', 'svg', '--out', out], { DATA_DIR: dataDir });
			expect(run.code).toBe(0);
			expect(run.stdout).toContain(`from storage ${join(dataDir, 'warrant.sqlite')}`);
			expect(labelsIn(readFileSync(out, 'utf8')).get('thesis')).toBe('Edited after the snapshot');
			// An id storage does not have comes from maps/<id>.json, and the output says so.
			const fallback = await cli([SAMPLE_ID, '--format', 'svg', '--out', out], {
				DATA_DIR: dataDir
			});
			expect(fallback.code).toBe(0);
			expect(fallback.stdout).toContain(
				`maps/${SAMPLE_ID}.json (not in storage ${join(dataDir, 'warrant.sqlite')})`
			);
			const none = await cli([SAMPLE_ID, '--format', 'svg', '--out', out], {
				DATA_DIR: join(dir, 'nothing-here')
			});
			expect(none.stdout).toContain(`(no storage at ${join(dir, 'nothing-here')})`);
		},
		SLOW
	);

	it(
		'exports the map as it was at a moment of its history (--version: a step, a named version)',
		async () => {
			const dataDir = join(dir, 'history-data');
			const { storage, doc } = await storeSample(dataDir, 'history-map');
			const seqs: number[] = [];
			for (const label of ['First wording', 'Second wording', 'Third wording']) {
				const before = Y.encodeStateVector(doc);
				setNodeText(doc, 'thesis', label, null);
				seqs.push(
					await storage.appendUpdate('history-map', Y.encodeStateAsUpdate(doc, before), {
						at: Date.parse('2026-01-02T10:00:00Z') + seqs.length * 60_000,
						authorId: 'ada-1'
					})
				);
			}
			await storage.nameVersion(
				'history-map',
				{ name: 'After the second', seq: seqs[1], at: 1, authorId: 'ada-1' },
				// The state after the second row: a version is kept whole.
				await (async () => {
					const found = await storage.stateAt('history-map', seqs[1]);
					if (!found || found === 'pruned') throw new Error('no state');
					const past = new Y.Doc();
					Y.applyUpdate(past, found.base);
					for (const u of found.updates) Y.applyUpdate(past, u);
					return Y.encodeStateAsUpdate(past);
				})()
			);
			await storage.close();
			const env = { DATA_DIR: dataDir };
			const svg = join(dir, 'first.svg');
			const first = await cli(
				['history-map', '--format', 'svg', '--out', svg, '--version', String(seqs[0])],
				env
			);
			expect(first.stderr).toBe('');
			expect(first.code).toBe(0);
			expect(first.stdout).toContain(`step ${seqs[0]}`);
			expect(labelsIn(readFileSync(svg, 'utf8')).get('thesis')).toBe('First wording');
			const json = join(dir, 'v1.json');
			expect((await cli(['history-map', '--out', json, '--version', 'v1'], env)).code).toBe(0);
			const back = parseMapFileText(readFileSync(json, 'utf8'));
			expect(back.ok && back.value.nodes.find((n) => n.id === 'thesis')?.text).toBe(
				'Second wording'
			);
			// A time: the map as it was a minute and a half after the first row (after the second).
			const md = join(dir, 'then.md');
			const then = await cli(
				['history-map', '--out', md, '--version', '2026-01-02T10:01:30Z'],
				env
			);
			expect(then.code).toBe(0);
			expect(readFileSync(md, 'utf8')).toContain('Second wording');
			expect(readFileSync(md, 'utf8')).not.toContain('Third wording');
			const png = join(dir, 'v1.png');
			expect((await cli(['history-map', '--out', png, '--version', 'v1'], env)).code).toBe(0);
			expect(readPng(readFileSync(png)).width).toBeGreaterThan(100);
			// Refusals: one line each, status 1, nothing written.
			const refused: Array<[string[], RegExp]> = [
				[['--version', 'yesterday'], /--version: "yesterday" is not a moment/],
				[['--version', 'v9'], /no version v9 of map history-map/],
				[['--version', '999999999'], /step 999999999 is after the last step/]
			];
			for (const [extra, message] of refused) {
				const out = join(dir, 'refused.svg');
				const run = await cli(['history-map', '--out', out, ...extra], env);
				expect([extra, run.code]).toEqual([extra, 1]);
				expect(run.stderr).toMatch(message);
				expect(run.stderr.trim().split('\n')).toHaveLength(1);
			}
			const file = await cli([SAMPLE, '--out', join(dir, 'x.svg'), '--version', 'v1'], env);
			expect(file.code).toBe(1);
			expect(file.stderr).toMatch(/a file has no history/);
		},
		SLOW
	);

	it.each([
		['an unknown format', [SAMPLE, '--format', 'gif', '--out', 'x.gif'], /--format must be one of/],
		['a missing --out', [SAMPLE, '--format', 'svg'], /missing --out/],
		['no map', ['--format', 'svg', '--out', 'x.svg'], /missing the map/],
		[
			'an unknown map id',
			['no-such-map', '--format', 'svg', '--out', 'x.svg'],
			/no map "no-such-map"/
		],
		[
			'a missing file',
			['missing.json', '--format', 'svg', '--out', 'x.svg'],
			/cannot read missing\.json: ENOENT/
		],
		[
			'a scale above 4',
			[SAMPLE, '--format', 'png', '--out', 'x.png', '--scale', '5'],
			/--scale must be a number from 1 to 4/
		],
		[
			'a scale below 1',
			[SAMPLE, '--format', 'png', '--out', 'x.png', '--scale', '0.5'],
			/--scale must be/
		],
		[
			'a scale that is no number',
			[SAMPLE, '--format', 'png', '--out', 'x.png', '--scale', 'big'],
			/--scale must be/
		],
		[
			'an unknown option',
			[SAMPLE, '--format', 'svg', '--out', 'x.svg', '--colour'],
			/unknown option --colour/
		],
		[
			'an option of another format',
			[SAMPLE, '--format', 'svg', '--out', 'x.svg', '--page', 'a4'],
			/--page applies to pdf only/
		],
		[
			'a layout for a png',
			[SAMPLE, '--format', 'png', '--out', 'x.png', '--layout', 'handout'],
			/--layout applies to pdf only/
		],
		[
			'an unknown layout',
			[SAMPLE, '--format', 'pdf', '--out', 'x.pdf', '--layout', 'poster'],
			/--layout must be one of handout, page/
		],
		[
			'a slide with a scale',
			[SAMPLE, '--out', 'x.png', '--slide', '1080', '--scale', '2'],
			/--scale or --slide, not both/
		],
		[
			'an unknown slide size',
			[SAMPLE, '--out', 'x.png', '--slide', '720'],
			/--slide must be one of 1080, 2160/
		],
		[
			'a switch turned on and off',
			[SAMPLE, '--out', 'x.svg', '--legend', '--no-legend'],
			/--legend and --no-legend contradict each other/
		]
	])(
		'exits 1 with one line on stderr for %s',
		async (_, args, message) => {
			const run = await cli(args);
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(message);
			expect(run.stderr.trim().split('\n')).toHaveLength(1);
			expect(run.stderr).toMatch(/^export: /);
		},
		SLOW
	);

	it(
		'exits 1 for files that are not warrant maps',
		async () => {
			const broken = join(dir, 'broken.json');
			writeFileSync(broken, '{"format": "warrant-map", ');
			const run = await cli([broken, '--format', 'svg', '--out', join(dir, 'x.svg')]);
			expect(run.code).toBe(1);
			expect(run.stderr).toMatch(/is not a valid warrant-map file: not valid JSON/);
			const other = join(dir, 'other.json');
			writeFileSync(other, JSON.stringify({ format: 'something-else' }));
			const wrong = await cli([other, '--format', 'svg', '--out', join(dir, 'x.svg')]);
			expect(wrong.code).toBe(1);
			expect(wrong.stderr).toMatch(/format: expected "warrant-map"/);
		},
		SLOW
	);
});
