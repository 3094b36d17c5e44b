import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addEdge,
	addNode,
	getEdgesMap,
	getMetaMap,
	getNodesMap,
	getSentencesArray,
	initMap
} from './doc';
import { readMap, type ProblemScope } from './read';
import { SCHEMA_VERSION, type Sentence } from './schema';
import { PETS_SENTENCES, petsSource } from '$tests/fixtures/pets';

/** A valid map with nodes a, b and an edge e1 (a supports b); each case then breaks one thing. */
function validMap() {
	const doc = new Y.Doc();
	initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
	addNode(doc, { id: 'a', kind: 'claim', text: 'A', author: 'x' }, null);
	addNode(doc, { id: 'b', kind: 'thesis', text: 'B', author: 'x' }, null);
	addEdge(doc, { id: 'e1', from: 'a', to: 'b', relation: 'supports' }, null);
	return doc;
}

const yEdge = (fields: Record<string, unknown>) => {
	const m = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) m.set(k, v);
	return m;
};

type Case = [
	name: string,
	breakIt: (doc: Y.Doc) => void,
	scope: ProblemScope,
	id: string,
	keptNodes: number,
	keptEdges: number
];

/** Node a gets the anchor `anchor`, which is refused; the rest stays. */
const badAnchor = (name: string, anchor: unknown): Case => [
	name,
	(d) => (getNodesMap(d).get('a')!.get('anchors') as Y.Array<unknown>).push([anchor]),
	'anchor',
	'a',
	2,
	1
];

/** An anchor on the first four characters of sentence `sentenceId`, claiming they read `exact`. */
const firstFour = (sentenceId: string, exact: string) => ({
	sentenceId,
	start: 0,
	end: 4,
	exact,
	prefix: '',
	suffix: ''
});

/** A second edge e2 with `fields`, which is refused; a, b and e1 stay. */
const badEdge = (name: string, fields: Record<string, unknown>): Case => [
	name,
	(d) => getEdgesMap(d).set('e2', yEdge(fields)),
	'edge',
	'e2',
	2,
	1
];

const cases: Case[] = [
	['unknown node kind', (d) => getNodesMap(d).get('a')!.set('kind', 'opinion'), 'node', 'a', 1, 0],
	[
		'node that is not a Y.Map',
		(d) => (getNodesMap(d) as Y.Map<unknown>).set('z', 42),
		'node',
		'z',
		2,
		1
	],
	['label of the wrong type', (d) => getNodesMap(d).get('a')!.set('text', 7), 'node', 'a', 1, 0],
	badAnchor('anchor whose exact does not match the source', firstFour('s1', 'Dogs')),
	badAnchor('anchor to an unknown sentence', firstFour('s9', 'Cats')),
	badAnchor('anchor that is not an object', 'x'),
	badEdge('edge to a missing node', { from: 'a', to: 'nope', relation: 'attacks' }),
	badEdge('edge from a missing node', { from: 'nope', to: 'a', relation: 'attacks' }),
	badEdge('edge with an unknown relation', { from: 'b', to: 'a', relation: 'loves' }),
	badEdge('undercut of a missing edge', { from: 'b', to: 'e9', relation: 'undercuts' }),
	badEdge('self-loop', { from: 'a', to: 'a', relation: 'supports' }),
	[
		'edge that is not a Y.Map',
		(d) => (getEdgesMap(d) as Y.Map<unknown>).set('e2', 'x'),
		'edge',
		'e2',
		2,
		1
	],
	[
		'sentence with wrong offsets',
		(d) => getSentencesArray(d).push([{ id: 's3', text: 'Cats', start: 5, end: 9, paragraph: 0 }]),
		'sentence',
		's3',
		2,
		1
	],
	[
		'sentence that is not an object',
		(d) => getSentencesArray(d).push([null as unknown as Sentence]),
		'sentence',
		'2',
		2,
		1
	],
	[
		'wrong schema version',
		(d) => getMetaMap(d).set('schema', SCHEMA_VERSION + 1),
		'meta',
		'meta',
		2,
		1
	]
];

describe('readMap on broken documents', () => {
	it('reads a valid map with no problems', () => {
		const view = readMap(validMap());
		expect(view.problems).toEqual([]);
		expect(view.nodes).toHaveLength(2);
		expect(view.edges).toHaveLength(1);
	});

	it.each(cases)(
		'%s: marks it and keeps the rest',
		(_name, breakIt, scope, id, keptNodes, keptEdges) => {
			const doc = validMap();
			breakIt(doc);
			const view = readMap(doc);
			expect(view.problems.some((p) => p.scope === scope && p.id === id)).toBe(true);
			expect(view.nodes).toHaveLength(keptNodes);
			expect(view.edges).toHaveLength(keptEdges);
		}
	);

	it('an undercut is valid only while the edge it attacks is valid', () => {
		const doc = validMap();
		addNode(doc, { id: 'c', kind: 'rebuttal', text: 'C', author: 'x' }, null);
		addEdge(doc, { id: 'u1', from: 'c', to: 'e1', relation: 'undercuts' }, null);
		addEdge(doc, { id: 'u2', from: 'a', to: 'u1', relation: 'undercuts' }, null);
		expect(
			readMap(doc)
				.edges.map((e) => e.id)
				.sort()
		).toEqual(['e1', 'u1', 'u2']);
		getNodesMap(doc).get('b')!.set('kind', 'bogus');
		const view = readMap(doc);
		expect(view.edges).toEqual([]);
		expect(
			view.problems
				.filter((p) => p.scope === 'edge')
				.map((p) => p.id)
				.sort()
		).toEqual(['e1', 'u1', 'u2']);
	});

	it('a document with nothing in it reads as empty with a meta problem', () => {
		const view = readMap(new Y.Doc());
		expect(view.meta).toBeNull();
		expect(view.nodes).toEqual([]);
		expect(view.problems.map((p) => p.scope)).toEqual(['meta']);
	});
});
