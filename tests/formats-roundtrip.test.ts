/**
 * Round trips through every importable format, as tables of cases, over the sample map, a generated
 * 1,000-node map, the map imported from the AIFdb fixture and every map shipped in `maps/`; and the
 * hostile files in `tests/fixtures/formats/hostile/`, each with the one error (or warning) it gets.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEPT } from '$lib/formats/aif-import';
import { exportMap, importMap, type ImportResult } from '$lib/formats';
import { parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { generatedMap, sampleMap } from '$tests/fixtures/formats/maps';
import { bareEdges, graphSignature } from '$tests/fixtures/formats/signature';

const FIXTURES = 'tests/fixtures/formats';

function ok(result: ImportResult) {
	if (!result.ok) throw new Error(result.error);
	return result;
}

const fromAifdb = () =>
	ok(
		importMap(readFileSync(join(FIXTURES, 'aifdb-nodeset-6064.json'), 'utf8'), {
			filename: 'aifdb-6064.json'
		})
	).file;

const shipped = readdirSync('maps')
	.filter((f) => f.endsWith('.json'))
	.map((f): [string, () => MapFile] => [
		`maps/${f}`,
		() => {
			const parsed = parseMapFileText(readFileSync(join('maps', f), 'utf8'));
			if (!parsed.ok) throw new Error(`maps/${f}: ${parsed.error}`);
			return parsed.value;
		}
	]);

const maps: Array<[string, () => MapFile]> = [
	['the sample map', sampleMap],
	['a generated map of 1,000 nodes', () => generatedMap(1000, 11)],
	['the map imported from AIFdb nodeset 6064', fromAifdb],
	...shipped
];

const byId = <T extends { id: string }>(xs: T[]) =>
	[...xs].sort((a, b) => a.id.localeCompare(b.id));

const withoutStamps = (file: MapFile) => file.nodes.map(({ author: _a, createdAt: _c, ...n }) => n);

describe.each(maps)('round trips of %s', (_name, make) => {
	const map = make();

	it('warrant-map JSON gives back the identical file', () => {
		const { file } = ok(importMap(exportMap(map, 'json').body));
		expect(file).toEqual({ ...map, comments: map.comments ?? [], votes: map.votes ?? [] });
	});

	it('AIF (xAIF, as OVA opens it) keeps nodes, kinds, positions, anchors, edge ids and groups', () => {
		const { file, report } = ok(
			importMap(exportMap(map, 'aif').body, { filename: 'map.aif.json' })
		);
		// Only what a map that came from AIF keeps as AIF data is listed, and it is all kept.
		expect(report.skipped.filter((s) => !s.reason.endsWith(KEPT))).toEqual([]);
		expect(file.meta.aif).toEqual(map.meta.aif);
		expect(withoutStamps(file)).toEqual(withoutStamps(map));
		// AIF lists inferences before conflicts, so the edges come back in that order.
		expect(byId(bareEdges(file))).toEqual(byId(bareEdges(map)));
		expect([file.meta, file.sentences]).toEqual([map.meta, map.sentences]);
	});

	it('Argdown keeps every node, kind, relation, group, anchor and text', () => {
		const { file, report } = ok(
			importMap(exportMap(map, 'argdown').body, { filename: 'map.argdown' })
		);
		expect(report.skipped).toEqual([]);
		expect(graphSignature(file)).toEqual(graphSignature(map));
		expect(file.nodes.map((n) => n.anchors)).toEqual(map.nodes.map((n) => n.anchors));
		expect([file.meta, file.sentences]).toEqual([map.meta, map.sentences]);
	});

	it('Markdown names every node and Web Annotations hold every anchor', () => {
		const md = exportMap(map, 'md').body;
		for (const n of map.nodes)
			expect(md).toContain(
				`:** ${n.text.split(/\s+/)[0].replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`)}`
			);
		const items = JSON.parse(exportMap(map, 'annotations', { baseUrl: 'https://w.example' }).body)
			.first.items as unknown[];
		expect(items).toHaveLength(map.nodes.reduce((sum, n) => sum + n.anchors.length, 0));
	});
});

describe('hostile files', () => {
	const file = (name: string) => readFileSync(join(FIXTURES, 'hostile', name), 'utf8');
	it.each([
		['truncated-json.txt', /^not valid JSON: Unterminated string in JSON at position \d+$/],
		[
			'wrong-types.json',
			'warrant-map JSON: nodes[2].kind: Invalid option: expected one of "thesis"|"claim"|"evidence"|"counterpoint"|"rebuttal"|"question"|"note"; nodes[4].anchors: Invalid input: expected array, received string'
		],
		['edge-to-missing-node.json', 'warrant-map JSON: edges[3].to: no node n99'],
		[
			'duplicate-node-ids.json',
			'warrant-map JSON: nodes[5].id: duplicate id n2; edges[4].from: no node n6'
		],
		['aif-edge-to-missing-node.json', 'AIF: edges[1].toID refers to missing node 1234'],
		['argdown-syntax-error.argdown', /^Argdown: line 3, column \d+: Incomplete italic text range/]
	])('%s is refused with one error that says what and where', (name, error) => {
		const result = importMap(file(name), { filename: name });
		expect(result.ok).toBe(false);
		if (!result.ok) {
			if (typeof error === 'string') expect(result.error).toBe(error);
			else expect(result.error).toMatch(error);
		}
	});

	it('support-cycle.json is imported as drawn, with a warning', () => {
		const result = ok(importMap(file('support-cycle.json')));
		expect(result.report.warnings).toEqual([
			'support cycle: n1, n2 support each other in a circle (kept as drawn)'
		]);
	});

	it.each(['json', 'aif', 'argdown'] as const)(
		'html-labels.json keeps markup as inert text through %s',
		(format) => {
			const map = ok(importMap(file('html-labels.json'))).file;
			const back = ok(
				importMap(exportMap(map, format).body, {
					filename: `x.${format === 'argdown' ? 'argdown' : 'json'}`
				})
			).file;
			expect(back.nodes.map((n) => n.text)).toEqual(map.nodes.map((n) => n.text));
			expect(exportMap(map, 'md').body).not.toMatch(/(^|[^\\])</m);
		}
	);
});
