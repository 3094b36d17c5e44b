/**
 * A seeded random argument map, built through the model (`initMap`, `addNode`, `addEdge`, then
 * `readMap`), for the export benchmark and specs of large maps. Shape: a few theses, every other
 * node supporting or attacking an earlier one, some co-premise pairs and some undercuts, labels of
 * 4-24 words. The same seed gives the same map.
 */
import * as Y from 'yjs';
import { addEdge, addNode, initMap } from '$lib/model/doc';
import { readMap, type MapView } from '$lib/model/read';
import { NODE_KINDS, type NodeKind } from '$lib/model/schema';
import { seededRng } from '$tests/helpers/rng';

const WORDS =
	'security state party policy growth order region power alliance leaders reform risk trade law public model claim evidence market pressure stability influence strategy control partners vision rule'.split(
		' '
	);

function rng(seed: number): () => number {
	return seededRng(seed).next;
}

export function generateMap(
	nodeCount: number,
	seed = 1,
	positions?: (view: MapView) => Map<string, { x: number; y: number }>
): MapView {
	const out = readMap(generateDoc(nodeCount, seed));
	if (!positions) return out;
	const placed = positions(out);
	return {
		...out,
		nodes: out.nodes.map((n) => ({ ...n, ...placed.get(n.id) }))
	};
}

/** The generated map as a document, without positions (for benchmarks that store it as a map). */
export function generateDoc(nodeCount: number, seed = 1): Y.Doc {
	const next = rng(seed);
	const int = (n: number) => Math.floor(next() * n);
	const doc = new Y.Doc();
	const at = '2026-01-01T00:00:00.000Z';
	initMap(doc, {
		title: `Generated map of ${nodeCount} nodes`,
		createdAt: at,
		source: {
			title: 'Generated',
			author: 'Bench',
			publication: '',
			date: '2026',
			lang: 'en',
			text: ''
		},
		sentences: []
	});
	const theses = Math.max(1, Math.round(nodeCount / 100));
	const edges: string[] = [];
	for (let i = 0; i < nodeCount; i++) {
		const kind: NodeKind = i < theses ? 'thesis' : NODE_KINDS[1 + int(NODE_KINDS.length - 1)];
		const words = Array.from({ length: 4 + int(21) }, () => WORDS[int(WORDS.length)]);
		addNode(
			doc,
			{ id: `n${i}`, kind, text: words.join(' '), author: 'bench', createdAt: at },
			null
		);
		if (i < theses) continue;
		const to = `n${int(i)}`;
		const attacks = kind === 'counterpoint' || kind === 'rebuttal';
		const r = addEdge(
			doc,
			{ id: `e${i}`, from: `n${i}`, to, relation: attacks ? 'attacks' : 'supports', createdAt: at },
			null
		);
		if ('id' in r) edges.push(r.id);
	}
	const view = readMap(doc);
	// Co-premise pairs: supports edges into the same node, grouped two by two.
	const byTarget = new Map<string, string[]>();
	for (const e of view.edges)
		if (e.relation === 'supports') byTarget.set(e.to, [...(byTarget.get(e.to) ?? []), e.id]);
	doc.transact(() => {
		for (const [to, ids] of byTarget)
			if (ids.length >= 2 && next() < 0.3)
				for (const id of ids.slice(0, 2))
					(doc.getMap('edges').get(id) as Y.Map<unknown>).set('group', `g-${to}`);
	});
	// Undercuts on about one edge in twenty, from a node that is not one of its ends.
	for (let k = 0; k < Math.floor(edges.length / 20); k++) {
		const target = edges[int(edges.length)];
		const from = `n${int(nodeCount)}`;
		addEdge(doc, { id: `u${k}`, from, to: target, relation: 'undercuts', createdAt: at }, null);
	}
	return doc;
}

/**
 * Grid positions (columns of `columns`, 260 x 200 px apart), in node order: a dense big map as
 * people arrange one by hand. An auto layout of a random map is one very wide row per rank instead.
 */
export function gridPositions(view: MapView, columns = 32): Map<string, { x: number; y: number }> {
	return new Map(
		view.nodes.map((n, i) => [n.id, { x: (i % columns) * 260, y: Math.floor(i / columns) * 200 }])
	);
}
