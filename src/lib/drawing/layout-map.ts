/**
 * The one layered layout of a map, used by the editor's Auto layout (`view/binding.ts`), by image
 * exports of maps with nodes that were never placed, and by the essay map's build script. Pure:
 * dagre directly (no cytoscape), so the server, scripts and tests get exactly what the editor gets.
 *
 * Top-down: theses on top, the reasons for them below (`rankdir: 'BT'`, because edges point from a
 * reason up to what it supports). An edge that the editor draws into an edge or a junction enters
 * dagre as an edge to the node it finally points at: a premise of a co-premise group to its
 * conclusion (its `to` already), an undercut's source to the attacked edge's target. A layout far
 * wider than the screen is then folded into sub-rows of its ranks (`compact.ts`), and neighbours in
 * a row are swapped while that makes fewer drawn edges cross (`untangle.ts`).
 */
import dagre from '@dagrejs/dagre';
import type { EdgeRecord } from '$lib/model/schema';
import { COMPACT_DEFAULTS, compactLayout } from './compact';
import type { Point } from './geometry';
import { placeMissing, type Box } from './placement';
import { untangleRows } from './untangle';

/**
 * Dagre's spacing, in pixels. These are the editor's values from before the layout was shared (the
 * essay script used 30 / 70): the editor is where people read maps, and 90 between ranks leaves
 * room for the arrow heads and the co-premise junctions that sit between a premise and its
 * conclusion. The fold uses the same rank gap, so a folded map keeps dagre's spacing.
 */
export const LAYOUT_SPACING = { nodeSep: 40, rankSep: 90, edgeSep: 20 } as const;

/**
 * Width / height to fold a layout towards when there is no screen to measure: a laptop's map
 * pane. The editor passes its own pane's shape.
 */
export const DEFAULT_ASPECT = 16 / 10;

/** What the layout needs of an edge (the group, to see co-premise junctions as they are drawn). */
export type LayoutEdge = Pick<EdgeRecord, 'id' | 'from' | 'to' | 'relation'> & { group?: string };

/**
 * Above this many nodes the untangling pass is skipped: its cost grows with nodes × edges (about
 * 0.7 s for 300 nodes on the development machine) and it runs on the page's main thread.
 */
export const UNTANGLE_MAX_NODES = 400;

export interface LayoutBox {
	id: string;
	w: number;
	h: number;
}

export interface LayoutOptions {
	/** Width / height of the view the layout should fit (default `DEFAULT_ASPECT`). */
	aspect?: number;
	/**
	 * Nodes that must share the top row (e.g. every final conclusion). Dagre alone lifts a
	 * conclusion with a long chain of reasons above one with a short chain.
	 */
	top?: readonly string[];
	/**
	 * Swap neighbours within rows while that removes edge crossings (`untangle.ts`; default true,
	 * skipped above `UNTANGLE_MAX_NODES`). False gives the plain dagre-and-fold layout, which the
	 * layout benchmark compares against.
	 */
	untangle?: boolean;
}

/** A point-sized node above the top row, tied to the `top` nodes and dropped after the layout. */
const ANCHOR = '\u0000layout-top';
/** Heavy enough that dagre never stretches an edge to ANCHOR to shorten others. */
const TOP_WEIGHT = 1000;

/** The map node an edge finally points at: an undercut points at the target of the edge it attacks. */
export function finalTarget(
	edge: LayoutEdge,
	edgesById: ReadonlyMap<string, LayoutEdge>
): string | null {
	let e: LayoutEdge | undefined = edge;
	// Bounded: a broken document could hold a cycle of undercuts.
	for (let depth = 0; e && depth < 16; depth++) {
		if (e.relation !== 'undercuts') return e.to;
		e = edgesById.get(e.to);
	}
	return null;
}

/** Centre positions for every box, laid out and folded as described above. */
export function layoutMap(
	boxes: readonly LayoutBox[],
	edges: readonly LayoutEdge[],
	options: LayoutOptions = {}
): Map<string, Point> {
	if (boxes.length === 0) return new Map();
	return finishLayout(dagreLayered(boxes, edges, options.top), boxes, edges, options);
}

/**
 * Dagre's layered layout alone (centre positions), before the fold and untangling: what
 * `layoutMap` starts from, and what the layout bench compares with ELK's.
 */
export function dagreLayered(
	boxes: readonly LayoutBox[],
	edges: readonly LayoutEdge[],
	topIds: readonly string[] = []
): Map<string, Point> {
	const g = new dagre.graphlib.Graph({ multigraph: true });
	g.setGraph({
		rankdir: 'BT',
		nodesep: LAYOUT_SPACING.nodeSep,
		ranksep: LAYOUT_SPACING.rankSep,
		edgesep: LAYOUT_SPACING.edgeSep,
		ranker: 'network-simplex'
	});
	g.setDefaultEdgeLabel(() => ({}));
	for (const b of boxes) g.setNode(b.id, { width: b.w, height: b.h });
	const byId = new Map(edges.map((e) => [e.id, e]));
	for (const e of edges) {
		const to = finalTarget(e, byId);
		if (to && to !== e.from && g.hasNode(e.from) && g.hasNode(to))
			g.setEdge(e.from, to, { weight: 1, minlen: 1 }, e.id);
	}
	const top = topIds.filter((id) => g.hasNode(id));
	if (top.length > 0) {
		g.setNode(ANCHOR, { width: 1, height: 1 });
		for (const id of top) g.setEdge(id, ANCHOR, { weight: TOP_WEIGHT, minlen: 1 }, ANCHOR + id);
	}
	dagre.layout(g);
	return new Map(boxes.map((b) => [b.id, { x: g.node(b.id).x, y: g.node(b.id).y }]));
}

/**
 * The passes after the layered layout, whichever engine made it (dagre here, ELK in
 * `layout-elk.ts`): fold a layout far wider than the view into sub-rows, then untangle rows.
 */
export function finishLayout(
	layered: ReadonlyMap<string, Point>,
	boxes: readonly LayoutBox[],
	edges: readonly LayoutEdge[],
	options: LayoutOptions = {}
): Map<string, Point> {
	const placed = boxes.map((b) => {
		const at = layered.get(b.id) ?? { x: 0, y: 0 };
		return { id: b.id, x: at.x, y: at.y, w: b.w, h: b.h };
	});
	const folded = compactLayout(placed, options.aspect ?? DEFAULT_ASPECT, {
		...COMPACT_DEFAULTS,
		rankGap: LAYOUT_SPACING.rankSep
	});
	if (options.untangle === false || boxes.length > UNTANGLE_MAX_NODES) return folded;
	return untangleRows(folded, boxes, edges);
}

/**
 * Every box's position: stored ones as they are; when no box has one, the whole map laid out as the
 * editor lays out a map that arrives without positions (`layoutMap`); otherwise each missing box
 * placed beside its neighbours with the editor's `placeMissing`.
 */
export function completePositions(
	boxes: readonly Box[],
	edges: readonly EdgeRecord[]
): Map<string, Point> {
	const out = new Map<string, Point>();
	const placed = boxes.filter((b) => b.position);
	for (const b of placed) out.set(b.id, { ...b.position! });
	if (placed.length === boxes.length) return out;
	if (placed.length === 0) return layoutMap(boxes, edges);
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
