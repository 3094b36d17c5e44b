/**
 * Repairs what concurrent edits can break. Two people can each make a valid change whose merge is
 * not valid: one deletes a node while the other links an edge to it. The merged document then holds an
 * edge to a missing node. `pruneDanglingEdges` deletes such edges.
 *
 * It decides by existence only (is there any record under that id?), never by validity, so every peer
 * that runs it on the same state deletes the same edges, and concurrent runs converge (a delete is
 * idempotent). Run it with a dedicated origin that no UndoManager tracks.
 */
import * as Y from 'yjs';
import { getEdgesMap, getNodesMap } from './doc';
import { EDGE_FIELDS } from './schema';

/** Ids of edges whose `from` node or `to` node/edge no longer exists, transitively. */
export function danglingEdges(doc: Y.Doc): string[] {
	const nodes = getNodesMap(doc);
	const edges = getEdgesMap(doc);
	// Linear: one pass finds the edges that are dead by themselves and indexes the edges that point
	// at an edge by their target; then each dead edge kills what points at it, once. (A rescan per
	// newly dead edge was quadratic: a chain of 16,000 undercuts took 90 s.)
	const dead = new Set<string>();
	const pointingAt = new Map<string, string[]>();
	const queue: string[] = [];
	edges.forEach((edge, id) => {
		if (!(edge instanceof Y.Map)) return;
		const from = edge.get(EDGE_FIELDS.from);
		const to = edge.get(EDGE_FIELDS.to);
		const fromOk = typeof from === 'string' && nodes.has(from);
		const toOk = typeof to === 'string' && (nodes.has(to) || edges.has(to));
		if (!fromOk || !toOk) {
			dead.add(id);
			queue.push(id);
		} else if (!nodes.has(to)) {
			const list = pointingAt.get(to);
			if (list) list.push(id);
			else pointingAt.set(to, [id]);
		}
	});
	for (let i = 0; i < queue.length; i++) {
		for (const id of pointingAt.get(queue[i]) ?? []) {
			if (dead.has(id)) continue;
			dead.add(id);
			queue.push(id);
		}
	}
	return [...dead];
}

/** Deletes dangling edges in one transaction; returns how many were deleted. */
export function pruneDanglingEdges(doc: Y.Doc, origin: unknown): number {
	const dead = danglingEdges(doc);
	if (dead.length === 0) return 0;
	doc.transact(() => {
		const edges = getEdgesMap(doc);
		for (const id of dead) edges.delete(id);
	}, origin);
	return dead.length;
}
