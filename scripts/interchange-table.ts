/**
 * Prints the round-trip table of the real interchange fixtures (tests/fixtures/formats/{aif,argdown}):
 * for each file, what it holds and what comes back, counted by `tests/fixtures/formats/interchange.ts`
 * (the summaries `tests/formats-fixtures.test.ts` compares).
 *
 *   npx tsx scripts/interchange-table.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exportMap, importMap } from '../src/lib/formats/index';
import type { MapFile } from '../src/lib/model/mapfile';
import { aifSummary, argdownSummary, mapSummary } from '../tests/fixtures/formats/interchange';

const AIF_DIR = 'tests/fixtures/formats/aif';
const ARGDOWN_DIR = 'tests/fixtures/formats/argdown';

const fmt = (counts: Record<string, number>) =>
	Object.entries(counts)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ') || '—';
/** JSON with object keys sorted, so that key order (not part of a summary) does not count. */
const stable = (v: unknown): string =>
	JSON.stringify(v, (_k, x: unknown) =>
		x && typeof x === 'object' && !Array.isArray(x)
			? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
			: x
	);
const same = (a: unknown, b: unknown) => (stable(a) === stable(b) ? 'same' : 'DIFFERS');

function load(text: string, filename: string): MapFile {
	const r = importMap(text, { filename });
	if (!r.ok) throw new Error(`${filename}: ${r.error}`);
	return r.file;
}

const rows: string[] = [
	'| file | KB | AIF nodes by type | Warrant relations | anchored nodes | AIF → W → AIF | W → aif / argdown → W |',
	'| --- | --- | --- | --- | --- | --- | --- |'
];
for (const f of [
	...readdirSync(AIF_DIR)
		.sort()
		.map((f) => join(AIF_DIR, f)),
	'tests/fixtures/formats/aifdb-nodeset-6064.json'
]) {
	const text = readFileSync(f, 'utf8');
	const name = f.replace(/^.*\//, '');
	const r = importMap(text, { filename: name });
	if (!r.ok) {
		rows.push(`| ${name} | ${(text.length / 1024).toFixed(1)} | refused: ${r.error} | | | | |`);
		continue;
	}
	const map = r.file;
	const original = JSON.parse(text) as Record<string, unknown>;
	const back = JSON.parse(exportMap(map, 'aif').body) as Record<string, unknown>;
	const s = mapSummary(map);
	const again = ['aif', 'argdown'].map((format) =>
		same(
			mapSummary(
				load(exportMap(map, format as 'aif').body, `x.${format === 'aif' ? 'json' : 'argdown'}`)
			),
			s
		)
	);
	rows.push(
		`| ${name} | ${(text.length / 1024).toFixed(1)} | ${fmt(aifSummary(original).nodeTypes)} | ${fmt(s.relations)} | ${map.nodes.filter((n) => n.anchors.length).length} of ${map.nodes.length} | ${same(aifSummary(back), aifSummary(original))} | ${again.join(' / ')} |`
	);
}
console.log(rows.join('\n'));
console.log();

const rows2: string[] = [
	'| file | statements | arguments (reconstructed) | relations | titles | tags | headings | Argdown → W → Argdown | W → aif / argdown → W |',
	'| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
];
for (const f of readdirSync(ARGDOWN_DIR).sort()) {
	const text = readFileSync(join(ARGDOWN_DIR, f), 'utf8');
	const map = load(text, f);
	const before = argdownSummary(text);
	const after = argdownSummary(exportMap(map, 'argdown').body);
	const s = mapSummary(map);
	const again = ['aif', 'argdown'].map((format) =>
		same(
			mapSummary(
				load(exportMap(map, format as 'aif').body, `x.${format === 'aif' ? 'json' : 'argdown'}`)
			),
			s
		)
	);
	const kept =
		before.statements === after.statements &&
		before.arguments === after.arguments &&
		same(before.relations, after.relations) === 'same' &&
		before.titles.every((t) => after.titles.includes(t)) &&
		same(before.tags, after.tags) === 'same' &&
		same(before.headings, after.headings) === 'same';
	rows2.push(
		`| ${f} | ${before.statements} | ${before.arguments} (${before.reconstructed}) | ${fmt(before.relations)} | ${before.titles.length} | ${Object.values(before.tags).reduce((a, b) => a + b, 0)} | ${before.headings.length} | ${kept ? 'same' : 'DIFFERS'} | ${again.join(' / ')} |`
	);
}
console.log(rows2.join('\n'));
