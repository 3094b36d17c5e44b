import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMap, type MapView } from '$lib/model/read';
import { fileToDoc, parseMapFileText } from '$lib/model/mapfile';
import { buildElements, type EdgeData, type NodeData } from './elements';
import { defaultFolds, hiddenByFolds } from './fold';
import {
	ARRANGE_ON_PAGE_MAX,
	ARRANGEMENT_ASPECT,
	arrangementJob,
	arrangementKey,
	readFirstArrangement,
	usableArrangement,
	type FirstArrangement
} from './fold-arrangement';
import type { LayoutEdge } from './layout-rules';
import { mapPreview, previewArrangement } from './map-preview';

function view(file: string): MapView {
	const parsed = parseMapFileText(readFileSync(`maps/${file}`, 'utf8'));
	if (!parsed.ok) throw new Error(`${file} does not parse`);
	return readMap(fileToDoc(parsed.value));
}

/** What the editor's FoldView sees of a map: its cytoscape nodes' boxes and its edges. */
function pageGraph(v: MapView, widen = 0) {
	const { elements } = buildElements(v);
	const boxes = new Map<string, { w: number; h: number }>();
	const edges: LayoutEdge[] = [];
	for (const el of elements) {
		if (el.data.role === 'node') {
			const d = el.data as NodeData;
			boxes.set(d.id, { w: d.w + widen, h: d.h });
		} else if (el.data.role === 'edge') {
			const d = el.data as EdgeData;
			edges.push({ id: d.id, from: d.source, to: d.to, relation: d.relation, group: d.group });
		}
	}
	const ids = [...boxes.keys()];
	return { ids, edges, boxOf: (id: string) => boxes.get(id)! };
}

/** The page's side: the default folds' job for its graph, then the sent arrangement checked. */
function onPage(
	sent: FirstArrangement,
	v: MapView,
	opts: { widen?: number; aspect?: number } = {}
) {
	const g = pageGraph(v, opts.widen ?? 0);
	const hidden = hiddenByFolds(g.ids, g.edges, new Set(defaultFolds(g.ids, g.edges)));
	const aspect = opts.aspect ?? 950 / 780;
	const { boxes, shownEdges } = arrangementJob(g.ids, g.edges, hidden, g.boxOf, aspect);
	return usableArrangement(sent, boxes, shownEdges, aspect);
}

describe('the server’s arrangement of the default folds', () => {
	const essay = view('china-digging-in.json');

	it('is laid out for the essay map: its main lines only, every one placed, none overlapping', () => {
		const sent = previewArrangement(essay)!;
		expect(sent).not.toBeNull();
		const g = pageGraph(essay);
		const hidden = hiddenByFolds(g.ids, g.edges, new Set(defaultFolds(g.ids, g.edges)));
		const inView = g.ids.filter((id) => !hidden.has(id));
		expect(inView.length).toBeGreaterThan(1);
		expect(inView.length).toBeLessThanOrEqual(ARRANGE_ON_PAGE_MAX);
		expect(sent.at.map(([id]) => id).sort()).toEqual([...inView].sort());
		// The page takes it as it is (same graph, its own boxes fit there, a laptop's pane).
		const at = onPage(sent, essay)!;
		expect(at).not.toBeNull();
		expect([...at.keys()].sort()).toEqual([...inView].sort());
	});

	it('is none for a map that opens unfolded (the sample map, 6 nodes)', () => {
		expect(previewArrangement(view('sample-sunday-libraries.json'))).toBeNull();
	});

	it('is ignored once the map has changed: an edge between two nodes in view', () => {
		const sent = previewArrangement(essay)!;
		const [a, b] = sent.at.map(([id]) => id);
		const changed: MapView = {
			...essay,
			edges: [
				...essay.edges,
				{ ...essay.edges[0], id: 'e-new', from: a, to: b, relation: 'supports', group: undefined }
			]
		};
		expect(onPage(sent, changed)).toBeNull();
		// A node's text edited (same graph) keeps it while the boxes still fit.
		const renamed: MapView = {
			...essay,
			nodes: essay.nodes.map((n) => (n.id === a ? { ...n, text: n.text + '!' } : n))
		};
		expect(onPage(sent, renamed)).not.toBeNull();
	});

	it('is ignored where the page’s own label boxes would overlap, or on a pane of another shape', () => {
		const sent = previewArrangement(essay)!;
		expect(onPage(sent, essay, { widen: 400 })).toBeNull();
		expect(onPage(sent, essay, { aspect: 390 / 780 })).toBeNull();
		expect(onPage(sent, essay, { aspect: ARRANGEMENT_ASPECT })).not.toBeNull();
	});

	it('has a key that names the graph in view, whatever the order', () => {
		const edges: LayoutEdge[] = [
			{ id: 'e1', from: 'a', to: 'b', relation: 'supports' },
			{ id: 'e2', from: 'c', to: 'b', relation: 'attacks', group: 'g' }
		];
		const key = arrangementKey(['a', 'b', 'c'], edges);
		expect(key).toMatch(/^[0-9a-f]{16}$/);
		expect(arrangementKey(['c', 'a', 'b'], [...edges].reverse())).toBe(key);
		expect(arrangementKey(['a', 'b', 'c'], [edges[0], { ...edges[1], group: undefined }])).not.toBe(
			key
		);
		expect(
			arrangementKey(['a', 'b', 'c'], [edges[0], { ...edges[1], relation: 'supports' }])
		).not.toBe(key);
		expect(arrangementKey(['a', 'b', 'c', 'd'], edges)).not.toBe(key);
	});

	it('is read from the page’s data only when it is one', () => {
		const good = {
			key: '0123456789abcdef',
			at: [
				['a', 1, 2],
				['b', -3.5, 4]
			]
		};
		expect(readFirstArrangement(good)).toEqual(good);
		const bad: unknown[] = [
			null,
			'x',
			[],
			{ key: 'nothex', at: good.at },
			{ key: good.key, at: [] },
			{ key: good.key, at: 'a' },
			{ key: good.key, at: [['a', 1]] },
			{ key: good.key, at: [['a', '1', 2]] },
			{ key: good.key, at: [['a', Infinity, 2]] },
			{ key: good.key, at: [['a', NaN, 2]] },
			{ key: good.key, at: [['a', 1e9, 2]] },
			{ key: good.key, at: [['', 1, 2]] },
			{ key: good.key, at: [['x'.repeat(201), 1, 2]] },
			{
				key: good.key,
				at: [
					['a', 1, 2],
					['a', 3, 4]
				]
			},
			{
				key: good.key,
				at: Array.from({ length: ARRANGE_ON_PAGE_MAX + 1 }, (_, i) => [`n${i}`, i, i])
			}
		];
		for (const b of bad) expect(readFirstArrangement(b)).toBeNull();
	});

	it('is the picture the page shows first: only the nodes in view, where they are arranged, fitted', () => {
		const sent = previewArrangement(essay)!;
		const picture = mapPreview(essay, sent)!;
		const nodesDrawn = (svg: string) => svg.match(/class="node[ "]/g)?.length ?? 0;
		expect(nodesDrawn(mapPreview(essay)!.svg)).toBe(essay.nodes.length);
		expect(nodesDrawn(picture.svg)).toBe(sent.at.length);
		expect(picture.svg.length).toBeLessThan(mapPreview(essay)!.svg.length / 3);
		// Always fitted, as the editor fits an arranged view: no container query for a readable zoom.
		expect(picture.css('#p')).not.toContain('@container');
		expect(picture.css('#p')).toContain('margin:auto');
	});
});
