/**
 * A branch: a node with everything that argues for or against it, transitively — its supporters and
 * attackers, theirs, and the undercuts of the edges inside it. What a slide of "one branch" shows.
 */
import type { ExportInput } from '$lib/drawing/svg-types';

/** Ids of the nodes in the branch under `rootId` (the root first), or [] if there is no such node. */
export function branchOf(input: ExportInput, rootId: string): string[] {
	if (!input.nodes.some((n) => n.id === rootId)) return [];
	const nodes = new Set([rootId]);
	const edges = new Set<string>();
	// Rounds until nothing changes: an edge joins when its target (a node, or an edge for an
	// undercut) is in the branch, and brings its source. Bounded by nodes + edges rounds.
	for (let changed = true; changed;) {
		changed = false;
		for (const e of input.edges) {
			if (edges.has(e.id) || !(nodes.has(e.to) || edges.has(e.to))) continue;
			edges.add(e.id);
			nodes.add(e.from);
			changed = true;
		}
	}
	return [...nodes];
}
