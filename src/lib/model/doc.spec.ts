import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addAnchor,
	addEdge,
	addNode,
	checkNewEdge,
	deleteEdges,
	deleteNodes,
	getEdgesMap,
	getNodeText,
	getNodesMap,
	initMap,
	newId,
	removeAnchor,
	setEdgeGroup,
	setEdgeRelation,
	setNodeKind,
	setNodeText,
	setPositions,
	setTitle
} from './doc';
import { readMap } from './read';
import { SCHEMA_VERSION } from './schema';
import { PETS_SENTENCES, petsSource } from '$tests/fixtures/pets';

const ORIGIN = { name: 'test' };

const SOURCE = petsSource({ author: 'A', publication: 'P', date: '2024' });

function freshMap(): Y.Doc {
	const doc = new Y.Doc();
	initMap(doc, { title: 'Pets', source: SOURCE, sentences: PETS_SENTENCES }, ORIGIN);
	return doc;
}

/** Counts transactions with our origin, to check that one gesture is one transaction. */
function countTransactions(doc: Y.Doc): () => number {
	let n = 0;
	doc.on('afterTransaction', (tr) => {
		if (tr.origin === ORIGIN) n++;
	});
	return () => n;
}

describe('doc accessors', () => {
	it('initMap writes meta and sentences that read back valid', () => {
		const view = readMap(freshMap());
		expect(view.problems).toEqual([]);
		expect(view.meta?.title).toBe('Pets');
		expect(view.meta?.schema).toBe(SCHEMA_VERSION);
		expect(view.sentences.map((s) => s.id)).toEqual(['s1', 's2']);
	});

	it('setTitle changes the title', () => {
		const doc = freshMap();
		setTitle(doc, 'Animals', ORIGIN);
		expect(readMap(doc).meta?.title).toBe('Animals');
	});

	it('newId makes distinct ids that match the record pattern', () => {
		const ids = new Set(Array.from({ length: 1000 }, () => newId('n')));
		expect(ids.size).toBe(1000);
		for (const id of ids) expect(id).toMatch(/^n[a-z0-9]{18}$/);
	});

	it('addNode stores a Y.Text label and one transaction', () => {
		const doc = freshMap();
		const count = countTransactions(doc);
		const id = addNode(
			doc,
			{ kind: 'claim', text: 'Cats rule', author: 'ann', x: 10, y: 20 },
			ORIGIN
		);
		expect(count()).toBe(1);
		expect(getNodeText(doc, id)).toBeInstanceOf(Y.Text);
		const node = readMap(doc).nodes.find((n) => n.id === id);
		expect(node).toMatchObject({
			kind: 'claim',
			text: 'Cats rule',
			author: 'ann',
			x: 10,
			y: 20,
			anchors: []
		});
	});

	it('setNodeText splices so a concurrent edit elsewhere in the label survives', () => {
		const a = freshMap();
		const id = addNode(a, { kind: 'claim', text: 'cats are good', author: 'ann' }, ORIGIN);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		setNodeText(a, id, 'all cats are good', ORIGIN);
		setNodeText(b, id, 'cats are very good', ORIGIN);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(getNodeText(a, id)?.toString()).toBe('all cats are very good');
		expect(getNodeText(b, id)?.toString()).toBe('all cats are very good');
	});

	it('setNodeText repairs a label stored as a plain string', () => {
		const doc = freshMap();
		const id = addNode(doc, { kind: 'claim', text: 'x', author: 'ann' }, ORIGIN);
		getNodesMap(doc).get(id)!.set('text', 'plain');
		setNodeText(doc, id, 'fixed', ORIGIN);
		expect(getNodeText(doc, id)?.toString()).toBe('fixed');
	});

	it('setNodeKind and setPositions write in one transaction each', () => {
		const doc = freshMap();
		const a = addNode(doc, { kind: 'claim', text: 'a', author: 'ann' }, ORIGIN);
		const b = addNode(doc, { kind: 'claim', text: 'b', author: 'ann' }, ORIGIN);
		const count = countTransactions(doc);
		setNodeKind(doc, a, 'evidence', ORIGIN);
		setPositions(
			doc,
			[
				[a, { x: 1.234, y: 2 }],
				[b, { x: 3, y: Number.NaN }]
			],
			ORIGIN
		);
		expect(count()).toBe(2);
		const nodes = readMap(doc).nodes;
		expect(nodes.find((n) => n.id === a)).toMatchObject({ kind: 'evidence', x: 1.2, y: 2 });
		expect(nodes.find((n) => n.id === b)?.x).toBeUndefined();
	});

	it('adds and removes anchors, ignoring a duplicate', () => {
		const doc = freshMap();
		const id = addNode(doc, { kind: 'claim', text: 'a', author: 'ann' }, ORIGIN);
		const anchor = {
			sentenceId: 's1',
			start: 0,
			end: 4,
			exact: 'Cats',
			prefix: '',
			suffix: ' are good.'
		};
		addAnchor(doc, id, anchor, ORIGIN);
		addAnchor(doc, id, anchor, ORIGIN);
		expect(readMap(doc).nodes[0].anchors).toEqual([anchor]);
		removeAnchor(doc, id, { start: 0, end: 4 }, ORIGIN);
		expect(readMap(doc).nodes[0].anchors).toEqual([]);
	});
});

describe('edges', () => {
	function threeNodes() {
		const doc = freshMap();
		const [a, b, c] = ['a', 'b', 'c'].map((t) =>
			addNode(doc, { kind: 'claim', text: t, author: 'ann' }, ORIGIN)
		);
		return { doc, a, b, c };
	}

	it.each([
		['supports between nodes', 'a', 'b', 'supports', null],
		['attacks between nodes', 'a', 'b', 'attacks', null],
		['a self-loop', 'a', 'a', 'supports', 'self-loop'],
		['from a missing node', 'zz', 'b', 'supports', 'missing-from'],
		['to a missing node', 'a', 'zz', 'attacks', 'missing-to'],
		['undercuts to a node', 'a', 'b', 'undercuts', 'undercut-needs-edge'],
		['undercuts to an edge', 'c', 'EDGE', 'undercuts', null],
		['supports to an edge', 'c', 'EDGE', 'supports', 'needs-node-target']
	] as const)('checkNewEdge: %s', (_name, from, to, relation, expected) => {
		const { doc, a, b, c } = threeNodes();
		const ids: Record<string, string> = { a, b, c, zz: 'zz' };
		const edge = addEdge(doc, { from: a, to: b, relation: 'supports' }, ORIGIN);
		ids.EDGE = 'id' in edge ? edge.id : '';
		expect(checkNewEdge(doc, { from: ids[from], to: ids[to], relation })).toBe(expected);
	});

	it('a refused edge writes nothing', () => {
		const { doc, a } = threeNodes();
		const before = Y.encodeStateVector(doc);
		expect(addEdge(doc, { from: a, to: a, relation: 'supports' }, ORIGIN)).toEqual({
			refused: 'self-loop'
		});
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});

	it('deleting a node deletes its edges and the undercuts of those edges', () => {
		const { doc, a, b, c } = threeNodes();
		const ab = addEdge(doc, { from: a, to: b, relation: 'supports' }, ORIGIN) as { id: string };
		addEdge(doc, { from: c, to: ab.id, relation: 'undercuts' }, ORIGIN);
		const cb = addEdge(doc, { from: c, to: b, relation: 'attacks' }, ORIGIN) as { id: string };
		deleteNodes(doc, [a], ORIGIN);
		expect([...getEdgesMap(doc).keys()]).toEqual([cb.id]);
		expect(readMap(doc).problems).toEqual([]);
	});

	it('deleteEdges cascades to undercuts', () => {
		const { doc, a, b, c } = threeNodes();
		const ab = addEdge(doc, { from: a, to: b, relation: 'supports' }, ORIGIN) as { id: string };
		addEdge(doc, { from: c, to: ab.id, relation: 'undercuts' }, ORIGIN);
		deleteEdges(doc, [ab.id], ORIGIN);
		expect(getEdgesMap(doc).size).toBe(0);
	});

	it('relation changes keep undercuts on edges and supports/attacks on nodes', () => {
		const { doc, a, b, c } = threeNodes();
		const ab = addEdge(doc, { from: a, to: b, relation: 'supports', group: 'g1' }, ORIGIN) as {
			id: string;
		};
		const u = addEdge(doc, { from: c, to: ab.id, relation: 'undercuts' }, ORIGIN) as { id: string };
		expect(setEdgeRelation(doc, ab.id, 'undercuts', ORIGIN)).toBe(false);
		expect(setEdgeRelation(doc, u.id, 'attacks', ORIGIN)).toBe(false);
		expect(setEdgeRelation(doc, ab.id, 'attacks', ORIGIN)).toBe(true);
		const edge = readMap(doc).edges.find((e) => e.id === ab.id);
		expect(edge).toMatchObject({ relation: 'attacks' });
		expect(edge?.group).toBeUndefined();
	});

	it('groups apply to supports edges only', () => {
		const { doc, a, b, c } = threeNodes();
		const ab = addEdge(doc, { from: a, to: b, relation: 'supports' }, ORIGIN) as { id: string };
		const cb = addEdge(doc, { from: c, to: b, relation: 'attacks' }, ORIGIN) as { id: string };
		setEdgeGroup(doc, ab.id, 'g', ORIGIN);
		setEdgeGroup(doc, cb.id, 'g', ORIGIN);
		const edges = readMap(doc).edges;
		expect(edges.find((e) => e.id === ab.id)?.group).toBe('g');
		expect(edges.find((e) => e.id === cb.id)?.group).toBeUndefined();
		setEdgeGroup(doc, ab.id, null, ORIGIN);
		expect(readMap(doc).edges.find((e) => e.id === ab.id)?.group).toBeUndefined();
	});
});
