import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEdge, addNode, getEdge } from '$lib/model/doc';
import { readMap } from '$lib/model/read';
import { DocWriter } from './doc-writer';
import {
	coPremiseSelection,
	connect,
	deleteSelection,
	groupCoPremises,
	setKinds,
	setRelations,
	ungroup
} from './commands';

/** The writer of the connect cases below. */
const ANN = { id: 'ann-id', name: 'ann' };

const origin = { name: 'test' };

function sample() {
	const doc = new Y.Doc();
	for (const id of ['c', 'p1', 'p2', 'x'])
		addNode(doc, { id, kind: 'claim', text: id, author: 't' }, null);
	addEdge(doc, { id: 'e1', from: 'p1', to: 'c', relation: 'supports' }, null);
	addEdge(doc, { id: 'e2', from: 'p2', to: 'c', relation: 'supports' }, null);
	addEdge(doc, { id: 'e3', from: 'x', to: 'c', relation: 'attacks' }, null);
	return doc;
}

/** Counts the transactions (updates) a gesture produces. */
function updatesDuring(doc: Y.Doc, fn: () => void): number {
	let n = 0;
	const on = () => n++;
	doc.on('update', on);
	fn();
	doc.off('update', on);
	return n;
}

describe('commands', () => {
	it('groups premises selected as nodes in one transaction, and ungroups them', () => {
		const doc = sample();
		expect(
			updatesDuring(doc, () =>
				expect(groupCoPremises(doc, { nodes: ['p1', 'p2'], edges: [] }, origin)).toEqual({
					ok: true
				})
			)
		).toBe(1);
		const g1 = getEdge(doc, 'e1')!.get('group');
		expect(typeof g1).toBe('string');
		expect(getEdge(doc, 'e2')!.get('group')).toBe(g1);
		expect(ungroup(doc, ['e1'], origin)).toEqual({ ok: true });
		expect(getEdge(doc, 'e2')!.has('group')).toBe(false);
	});

	it('refuses groups that are not supports into one node', () => {
		const edges = readMap(sample()).edges;
		expect(coPremiseSelection(edges, { nodes: [], edges: ['e1', 'e3'] }).ok).toBe(false);
		expect(coPremiseSelection(edges, { nodes: [], edges: ['e1'] }).ok).toBe(false);
		expect(coPremiseSelection(edges, { nodes: ['p1', 'x'], edges: [] }).ok).toBe(false);
		expect(coPremiseSelection(edges, { nodes: [], edges: ['e1', 'e2'] })).toEqual({
			ok: true,
			edges: ['e1', 'e2']
		});
	});

	it('deletes nodes and edges in one transaction', () => {
		const doc = sample();
		expect(
			updatesDuring(doc, () => deleteSelection(doc, { nodes: ['p1'], edges: ['e3'] }, origin))
		).toBe(1);
		const view = readMap(doc);
		expect(view.nodes.map((n) => n.id).sort()).toEqual(['c', 'p2', 'x']);
		expect(view.edges.map((e) => e.id)).toEqual(['e2']);
	});

	it('reports refused edges and relation changes as messages', () => {
		const doc = sample();
		const self = connect(
			doc,
			{ from: 'c', to: 'c', relation: 'supports' },
			{ id: 'tid', name: 't' },
			origin
		);
		expect(self.ok).toBe(false);
		const under = connect(
			doc,
			{ from: 'x', to: 'c', relation: 'undercuts' },
			{ id: 'tid', name: 't' },
			origin
		);
		expect(under).toMatchObject({ ok: false, message: expect.stringContaining('edge') });
		const ok = connect(
			doc,
			{ from: 'x', to: 'e1', relation: 'undercuts' },
			{ id: 'tid', name: 't' },
			origin
		);
		expect(ok.ok).toBe(true);
		expect(setRelations(doc, ['e1'], 'attacks', origin)).toEqual({ ok: true });
		expect(setRelations(doc, [(ok as { id: string }).id], 'supports', origin).ok).toBe(false);
	});

	it('sets the kind of several nodes at once', () => {
		const doc = sample();
		expect(updatesDuring(doc, () => setKinds(doc, ['p1', 'p2'], 'evidence', origin))).toBe(1);
		expect(readMap(doc).nodes.filter((n) => n.kind === 'evidence').length).toBe(2);
	});

	it('connects two nodes as rephrases through the guarded writer, in one transaction', () => {
		const doc = sample();
		const writer = new DocWriter(doc);
		let r: ReturnType<typeof connect> | undefined;
		const updates = updatesDuring(doc, () => {
			r = writer.write((d, o) =>
				connect(d, { from: 'p1', to: 'p2', relation: 'rephrases' }, ANN, o)
			);
		});
		expect(updates).toBe(1);
		expect(r?.ok).toBe(true);
		const id = r?.ok ? r.id : '';
		expect(readMap(doc).edges.find((e) => e.id === id)).toMatchObject({
			from: 'p1',
			to: 'p2',
			relation: 'rephrases',
			author: 'ann',
			authorId: 'ann-id'
		});
		// The model's validation still holds for the new relation: no rephrasing oneself, none onto an edge.
		expect(connect(doc, { from: 'p1', to: 'p1', relation: 'rephrases' }, ANN, origin)).toEqual({
			ok: false,
			message: 'A node cannot support, attack or rephrase itself.'
		});
		expect(connect(doc, { from: 'x', to: 'e1', relation: 'rephrases' }, ANN, origin).ok).toBe(
			false
		);
		expect(readMap(doc).edges.filter((e) => e.relation === 'rephrases').length).toBe(1);
	});

	it('a view-only writer creates no rephrases edge', () => {
		const doc = sample();
		let refused = 0;
		const writer = new DocWriter(doc, { canWrite: () => false, refuse: () => refused++ });
		const r = writer.write((d, o) =>
			connect(d, { from: 'p1', to: 'p2', relation: 'rephrases' }, ANN, o)
		);
		expect(r).toBeUndefined();
		expect(refused).toBe(1);
		expect(readMap(doc).edges.some((e) => e.relation === 'rephrases')).toBe(false);
	});

	it('changes supports edges to rephrases and drops their group; refuses it for an undercut', () => {
		const doc = sample();
		expect(groupCoPremises(doc, { nodes: [], edges: ['e1', 'e2'] }, origin).ok).toBe(true);
		expect(setRelations(doc, ['e1', 'e3'], 'rephrases', origin)).toEqual({ ok: true });
		const edges = readMap(doc).edges;
		expect(edges.find((e) => e.id === 'e1')?.relation).toBe('rephrases');
		expect(edges.find((e) => e.id === 'e1')?.group).toBeUndefined();
		expect(edges.find((e) => e.id === 'e3')?.relation).toBe('rephrases');

		addEdge(doc, { id: 'u', from: 'x', to: 'e2', relation: 'undercuts' }, null);
		expect(setRelations(doc, ['u'], 'rephrases', origin)).toEqual({
			ok: false,
			message: 'An undercut ends on an edge, so it cannot support, attack or rephrase.'
		});
		expect(getEdge(doc, 'u')?.get('relation')).toBe('undercuts');
	});
});
