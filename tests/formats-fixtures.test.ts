/**
 * Round-trip tables over real files from the field (sources and licences in
 * `tests/fixtures/README.md`): every AIF/OVA file through AIF → Warrant → AIF, every Argdown file
 * through Argdown → Warrant → Argdown, and each imported map through Warrant → each format →
 * Warrant. Each row compares the same summary (`fixtures/formats/interchange.ts`) before and after.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMap, importMap, type ImportResult } from '$lib/formats';
import type { MapFile } from '$lib/model/mapfile';
import {
	aifNodeset,
	aifSummary,
	argdownSummary,
	mapSummary
} from '$tests/fixtures/formats/interchange';

const AIF_DIR = 'tests/fixtures/formats/aif';
const ARGDOWN_DIR = 'tests/fixtures/formats/argdown';
const EMPTY = 'arguebuf-xaif-empty.json';

function ok(result: ImportResult, name: string) {
	if (!result.ok) throw new Error(`${name}: ${result.error}`);
	return result;
}

/** The AIF fixtures, and the AIFdb nodeset 6064 that the older format tests use. */
const aifFiles = [
	...readdirSync(AIF_DIR)
		.filter((f) => f.endsWith('.json') && f !== EMPTY)
		.sort(),
	'../aifdb-nodeset-6064.json'
];
const argdownFiles = readdirSync(ARGDOWN_DIR)
	.filter((f) => f.endsWith('.argdown'))
	.sort();
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

it('has at least 10 AIF/OVA files and 10 Argdown files, of different sizes', () => {
	expect(aifFiles.length + 1).toBeGreaterThanOrEqual(10);
	expect(argdownFiles.length).toBeGreaterThanOrEqual(10);
	const sizes = aifFiles.map((f) => read(AIF_DIR, f).length);
	expect(Math.max(...sizes) / Math.min(...sizes)).toBeGreaterThan(50);
});

it('an empty but valid xAIF file gets a clear message', () => {
	expect(importMap(read(AIF_DIR, EMPTY), { filename: EMPTY })).toEqual({
		ok: false,
		error:
			'AIF: the file is valid xAIF but holds no nodes (an empty analysis): there is nothing to make a map of'
	});
});

describe.each(aifFiles)('AIF → Warrant → AIF: %s', (name) => {
	const original = JSON.parse(read(AIF_DIR, name)) as Record<string, unknown>;
	const { file, report } = ok(importMap(read(AIF_DIR, name), { filename: name }), name);
	const back = JSON.parse(exportMap(file, 'aif').body) as Record<string, unknown>;

	it('gives back the same graph: node types, ids, timestamps, edges, locutions, participants', () => {
		expect(aifSummary(back)).toEqual(aifSummary(original));
	});

	it('reports every part it does not draw, by kind and count, and keeps all of them', () => {
		const drawnI = aifNodeset(original).nodes.filter((n) => String(n.type).toUpperCase() === 'I');
		expect(file.nodes).toHaveLength(drawnI.length);
		const layerNodes = file.meta.aif?.nodes.length ?? 0;
		const reportedNodes = report.skipped
			.filter((s) => / nodes /.test(s.reason) && !/^edges/.test(s.reason))
			.reduce((sum, s) => sum + s.count, 0);
		expect(reportedNodes).toBe(layerNodes);
		const reportedEdges = report.skipped
			.filter((s) => /^edges/.test(s.reason))
			.reduce((sum, s) => sum + s.count, 0);
		expect(reportedEdges).toBe(file.meta.aif?.edges.length ?? 0);
	});

	it('keeps OVA’s analysed spans as anchors where the text marks them', () => {
		const html = typeof original.text === 'string' ? original.text : '';
		const spans = (html.match(/<span[^>]*\sid="node/g) ?? []).length;
		const anchored = file.nodes.filter((n) => n.anchors.length > 0).length;
		if (spans > 0) expect(anchored).toBeGreaterThan(0);
		// Every anchor quotes the source text at its offsets (checked by the contract on import).
		for (const n of file.nodes)
			for (const a of n.anchors) expect(file.meta.source.text.slice(a.start, a.end)).toBe(a.exact);
	});
});

describe.each(argdownFiles)('Argdown → Warrant → Argdown: %s', (name) => {
	const text = read(ARGDOWN_DIR, name);
	const { file } = ok(importMap(text, { filename: name }), name);
	const back = exportMap(file, 'argdown').body;
	const before = argdownSummary(text);
	const after = argdownSummary(back);

	it('keeps statements, titles, tags and headings', () => {
		expect(after.statements).toBe(before.statements);
		// Every title comes back exactly. A statement Argdown left untitled comes back titled by its
		// node id (`s-…`): the export refers to every statement by title.
		const titled = (t: string) => t.startsWith('[');
		const added = after.titles.filter((t) => titled(t) && !before.titles.includes(t));
		expect(after.titles.filter(titled)).toEqual(
			expect.arrayContaining(before.titles.filter(titled))
		);
		expect(added.filter((t) => !/^\[s-Untitled-\d+(-\d+)?\]$/.test(t))).toEqual([]);
		expect(after.tags).toEqual(before.tags);
		expect(after.headings).toEqual(before.headings);
	});

	it('keeps every argument with its title, and every relation by type', () => {
		expect({
			arguments: after.arguments,
			titles: after.titles.filter((t) => t.startsWith('<')),
			relations: after.relations
		}).toEqual({
			arguments: before.arguments,
			titles: before.titles.filter((t) => t.startsWith('<')),
			relations: before.relations
		});
	});
});

const imported: Array<[string, () => MapFile]> = [
	...aifFiles.map((f): [string, () => MapFile] => [
		`aif/${f}`,
		() => ok(importMap(read(AIF_DIR, f), { filename: f }), f).file
	]),
	...argdownFiles.map((f): [string, () => MapFile] => [
		`argdown/${f}`,
		() => ok(importMap(read(ARGDOWN_DIR, f), { filename: f }), f).file
	])
];

describe.each(imported)('Warrant → each format → Warrant: %s', (_name, make) => {
	const map = make();
	it.each(['json', 'aif', 'argdown'] as const)('%s keeps the summary', (format) => {
		const again = ok(
			importMap(exportMap(map, format).body, {
				filename: format === 'argdown' ? 'map.argdown' : 'map.json'
			}),
			format
		).file;
		expect(mapSummary(again)).toEqual(mapSummary(map));
	});
});
