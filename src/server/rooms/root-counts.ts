/**
 * How many nodes and edges a room's document holds, kept up to date from the two root maps' own
 * change events instead of counted on every update: `Y.Map.size` walks every key the map ever had
 * (about 0.2 ms at 5,000 keys), and the room needs both counts before and after each update (the
 * limit checks), four walks per edit on a large map.
 *
 * Invariant: after every transaction on `doc`, `nodes` and `edges` equal `getNodesMap(doc).size`
 * and `getEdgesMap(doc).size`. Yjs reports each key a transaction added (absent before, present
 * after) or deleted (present before, absent after) exactly once, concurrent re-adds and deletions
 * of a deleted key included; a label or position edit changes a nested type and fires no event
 * here. One instance per document: a room that rebuilds its document makes a new one.
 */
import type * as Y from 'yjs';
import { getEdgesMap, getNodesMap } from '$lib/model/doc';

export class RootCounts {
	nodes: number;
	edges: number;

	constructor(doc: Y.Doc) {
		const nodes = getNodesMap(doc);
		const edges = getEdgesMap(doc);
		this.nodes = nodes.size;
		this.edges = edges.size;
		nodes.observe((event) => (this.nodes += delta(event)));
		edges.observe((event) => (this.edges += delta(event)));
	}
}

/** Keys added minus keys deleted by one transaction's event on a map. */
function delta<T>(event: Y.YMapEvent<T>): number {
	let by = 0;
	for (const { action } of event.changes.keys.values())
		if (action === 'add') by++;
		else if (action === 'delete') by--;
	return by;
}
