/**
 * Positions for nodes that have no stored one, by the editor's rules (see `binding.ts`): when no node
 * has a position the whole map is laid out top-down with dagre, using the parameters of the editor's
 * auto layout (`LAYOUT_OPTIONS` in `view/layout.ts`); otherwise each missing node is placed beside
 * its neighbours with the editor's `placeMissing`. Stored positions are never moved.
 */
import dagre from '@dagrejs/dagre';
import type { EdgeRecord } from '$lib/model/schema';
import type { Point } from './geometry';
import { LAYOUT_OPTIONS } from '$lib/view/layout';
import { placeMissing, type Box } from './placement';

/** The map node an edge finally points at: an undercut points at the target of the edge it attacks. */
export function finalTarget(
	edge: EdgeRecord,
	edgesById: ReadonlyMap<string, EdgeRecord>
): string | null {
	let e: EdgeRecord | undefined = edge;
	// Bounded: a broken document could hold a cycle of undercuts.
	for (let depth = 0; e && depth < 16; depth++) {
		if (e.relation !== 'undercuts') return e.to;
		e = edgesById.get(e.to);
	}
	return null;
}

/**
 * Dagre layout of every box. Edges that end on an edge or a junction in the editor enter dagre as
 * edges to the node they finally point at, as the editor's stand-in edges do. `rankdir: 'BT'` puts
 * theses on top, because edges point from a reason up to what it supports.
 */
export function dagreLayout(
	boxes: readonly Box[],
	edges: readonly EdgeRecord[]
): Map<string, Point> {
	const g = new dagre.graphlib.Graph({ multigraph: true });
	g.setGraph({
		rankdir: LAYOUT_OPTIONS.rankDir,
		nodesep: LAYOUT_OPTIONS.nodeSep,
		ranksep: LAYOUT_OPTIONS.rankSep,
		edgesep: LAYOUT_OPTIONS.edgeSep,
		ranker: LAYOUT_OPTIONS.ranker
	});
	g.setDefaultEdgeLabel(() => ({}));
	for (const b of boxes) g.setNode(b.id, { width: b.w, height: b.h });
	const byId = new Map(edges.map((e) => [e.id, e]));
	for (const e of edges) {
		const to = finalTarget(e, byId);
		if (to && to !== e.from && g.hasNode(e.from) && g.hasNode(to)) g.setEdge(e.from, to, {}, e.id);
	}
	dagre.layout(g);
	const out = new Map<string, Point>();
	for (const b of boxes) {
		const n = g.node(b.id);
		out.set(b.id, { x: n.x, y: n.y });
	}
	return out;
}

/** Every box's position: stored ones as they are, missing ones laid out as described above. */
export function completePositions(
	boxes: readonly Box[],
	edges: readonly EdgeRecord[]
): Map<string, Point> {
	const out = new Map<string, Point>();
	const placed = boxes.filter((b) => b.position);
	for (const b of placed) out.set(b.id, { ...b.position! });
	if (placed.length === boxes.length) return out;
	if (placed.length === 0) return dagreLayout(boxes, edges);
	// The editor uses the viewport's centre for a node with no placed neighbour; an export has no
	// viewport, so such nodes start below the placed ones, where they cover nothing.
	const xs = placed.map((b) => b.position!.x);
	const fallback = {
		x: (Math.min(...xs) + Math.max(...xs)) / 2,
		y: Math.max(...placed.map((b) => b.position!.y + b.h)) + 150
	};
	for (const [id, p] of placeMissing(boxes, edges, fallback)) out.set(id, p);
	return out;
}
