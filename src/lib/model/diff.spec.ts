import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PETS_SENTENCES, PETS_TEXT, petsSource } from '$tests/fixtures/pets';
import { diffMaps, wordRuns, type MapDiff } from './diff';
import {
	addAnchor,
	addEdge,
	addNode,
	deleteEdges,
	deleteNodes,
	getEdge,
	initMap,
	setEdgeRelation,
	setNodeKind,
	setNodeText,
	setPositions
} from './doc';
import { readMap } from './read';

/** Two claims a → b (supports e1), c attacks b (e2), d undercuts e1 (u1). */
function base(): Y.Doc {
	const doc = new Y.Doc();
	initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
	for (const id of ['a', 'b', 'c', 'd'])
		addNode(doc, { id, kind: 'claim', text: `cats are ${id}`, author: 'T', x: 0, y: 0 }, null);
	addEdge(doc, { id: 'e1', from: 'a', to: 'b', relation: 'supports' }, null);
	addEdge(doc, { id: 'e2', from: 'c', to: 'b', relation: 'attacks' }, null);
	addEdge(doc, { id: 'u1', from: 'd', to: 'e1', relation: 'undercuts' }, null);
	return doc;
}

/** What a diff says, in short: `node a changed text,kind`, `edge u1 removed`. */
const summary = (d: MapDiff): string[] => [
	...d.nodes.map((c) => `node ${c.id} ${c.change}${c.fields.length ? ` ${c.fields}` : ''}`),
	...d.edges.map((c) => `edge ${c.id} ${c.change}${c.fields.length ? ` ${c.fields}` : ''}`)
];

const CASES: Array<[string, (doc: Y.Doc) => void, string[]]> = [
	['nothing', () => {}, []],
	[
		'add a node and an edge',
		(d) => {
			addNode(d, { id: 'n', kind: 'evidence', text: 'x', author: 'T' }, null);
			addEdge(d, { id: 'e9', from: 'n', to: 'a', relation: 'supports' }, null);
		},
		['node n added', 'edge e9 added']
	],
	['delete an edge', (d) => deleteEdges(d, ['e2'], null), ['edge e2 removed']],
	[
		'delete a node: its edges go with it',
		(d) => deleteNodes(d, ['c'], null),
		['node c removed', 'edge e2 removed']
	],
	['relabel', (d) => setNodeText(d, 'a', 'dogs are a', null), ['node a changed text']],
	['rekind', (d) => setNodeKind(d, 'b', 'thesis', null), ['node b changed kind']],
	[
		're-anchor',
		(d) =>
			addAnchor(
				d,
				'a',
				{
					sentenceId: 's1',
					start: 0,
					end: 4,
					exact: PETS_TEXT.slice(0, 4),
					prefix: '',
					suffix: ' are'
				},
				null
			),
		['node a changed anchors']
	],
	['move', (d) => setPositions(d, [['d', { x: 5, y: 7 }]], null), ['node d changed position']],
	[
		'edge relation change',
		(d) => setEdgeRelation(d, 'e2', 'supports', null),
		['edge e2 changed relation']
	],
	[
		'undercut on a deleted edge: the undercut reads as removed too',
		// A peer deletes e1 without its undercut (as concurrent edits leave it): readers drop u1.
		(d) => d.transact(() => d.getMap('edges').delete('e1')),
		['edge e1 removed', 'edge u1 removed']
	],
	[
		'edge retargeted',
		(d) => d.transact(() => getEdge(d, 'e2')!.set('to', 'a')),
		['edge e2 changed to']
	]
];

describe('diffMaps', () => {
	it.each(CASES)('%s', (_name, edit, expected) => {
		const doc = base();
		const before = readMap(doc);
		edit(doc);
		const diff = diffMaps(before, readMap(doc));
		expect(summary(diff)).toEqual(expected);
		const counts = { added: 0, removed: 0, changed: 0 };
		for (const line of expected) counts[line.split(' ')[2] as keyof typeof counts]++;
		expect(diff.counts).toEqual(counts);
	});

	it('marks the changed words of a label, and the runs rebuild both texts', () => {
		const runs = wordRuns('cats are good pets', 'cats are loyal pets');
		expect(runs.filter((r) => r.op !== 'same').map((r) => `${r.op}:${r.text}`)).toEqual([
			'removed:good',
			'added:loyal'
		]);
		const join = (op: 'added' | 'removed') =>
			runs
				.filter((r) => r.op !== op)
				.map((r) => r.text)
				.join('');
		expect(join('added')).toBe('cats are good pets');
		expect(join('removed')).toBe('cats are loyal pets');
		const doc = base();
		const before = readMap(doc);
		setNodeText(doc, 'a', 'dogs are a', null);
		expect(diffMaps(before, readMap(doc)).nodes[0].words).toEqual(
			wordRuns('cats are a', 'dogs are a')
		);
	});

	it('reports a title change', () => {
		const doc = base();
		const before = readMap(doc);
		doc.getMap('meta').set('title', 'Dogs');
		expect(diffMaps(before, readMap(doc)).title).toEqual({ before: 'Pets', after: 'Dogs' });
	});
});
