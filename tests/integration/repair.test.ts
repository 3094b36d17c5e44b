/**
 * The server's repair of dangling edges, through the real server with stock clients: one client
 * deletes a node while another links an edge to it (offline, or at the same moment); after sync
 * neither client nor the stored map has an edge to a missing node, without any client repairing.
 */
import { describe, expect, it } from 'vitest';
import { addEdge, addNode, deleteNodes, getEdgesMap, getNodesMap } from '$lib/model/doc';
import type { MapFile } from '$lib/model/mapfile';
import { danglingEdges } from '$lib/model/repair';
import { SAMPLE_ID, getJson, sameState, waitFor, type Client, useServer } from './support';

describe('server repair of dangling edges', () => {
	const { server, connect } = useServer();

	/** A fresh node both clients have, to be deleted by one while the other links to it. */
	async function sharedNode(a: Client, b: Client, text: string): Promise<string> {
		const id = addNode(a.doc, { kind: 'claim', text, author: 'a' }, 'a');
		await waitFor('b to see the new node', () => getNodesMap(b.doc).has(id));
		return id;
	}

	async function expectRepaired(a: Client, b: Client, edgeId: string) {
		// The server may repair in two steps (the edge, then an undercut that arrived after it was
		// pruned): wait until both clients have no dangling edge left, not just until the edge is gone.
		await waitFor('the edge to be gone and nothing dangling on both', () =>
			[a, b].every((c) => !getEdgesMap(c.doc).has(edgeId) && danglingEdges(c.doc).length === 0)
		);
		await waitFor('a and b to converge', () => sameState(a.doc, b.doc));
		expect(danglingEdges(a.doc)).toEqual([]);
		expect(danglingEdges(b.doc)).toEqual([]);
		const stored = (await getJson(server, `/api/maps/${SAMPLE_ID}`)).body as MapFile;
		expect(stored.edges.some((e) => e.id === edgeId)).toBe(false);
	}

	it('removes an edge made offline to a node deleted meanwhile', async () => {
		const [a, b] = [await connect(), await connect()];
		const target = await sharedNode(a, b, 'to be deleted');
		const from = [...getNodesMap(b.doc).keys()].find((id) => id !== target)!;
		b.provider.disconnect();
		deleteNodes(a.doc, [target], 'a');
		const edge = addEdge(b.doc, { from, to: target, relation: 'supports', author: 'b' }, 'b');
		if (!('id' in edge)) throw new Error(`edge refused: ${edge.refused}`);
		expect(danglingEdges(b.doc)).toEqual([]); // offline, b still has the node
		b.provider.connect();
		await expectRepaired(a, b, edge.id);
	});

	it('removes an edge and its undercut made at the same moment as the deletion', async () => {
		const [a, b] = [await connect(), await connect()];
		const target = await sharedNode(a, b, 'deleted at once');
		const from = [...getNodesMap(b.doc).keys()].find((id) => id !== target)!;
		// Both edits happen before either client hears of the other's.
		const edge = addEdge(b.doc, { from, to: target, relation: 'attacks', author: 'b' }, 'b');
		if (!('id' in edge)) throw new Error(`edge refused: ${edge.refused}`);
		const undercut = addEdge(
			b.doc,
			{
				from: [...getNodesMap(b.doc).keys()].find((id) => id !== target && id !== from)!,
				to: edge.id,
				relation: 'undercuts',
				author: 'b'
			},
			'b'
		);
		if (!('id' in undercut)) throw new Error(`undercut refused: ${undercut.refused}`);
		deleteNodes(a.doc, [target], 'a');
		await expectRepaired(a, b, edge.id);
		expect(getEdgesMap(a.doc).has(undercut.id)).toBe(false);
		expect(getEdgesMap(b.doc).has(undercut.id)).toBe(false);
	});
});
