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
 *
 * Its rules that need no engine (spacing, shape, inputs, `finalTarget`) live in `layout-rules.ts`
 * and are re-exported here.
 */
import dagre from '@dagrejs/dagre';
import type { EdgeRecord } from '$lib/model/schema';
import { COMPACT_DEFAULTS, compactLayout } from './compact';
import type { Point } from './geometry';
import { placeMissing, type Box } from './placement';
import { untangleRows } from './untangle';
import {
	DEFAULT_ASPECT,
	LAYOUT_SPACING,
	UNTANGLE_MAX_NODES,
	finalTarget,
	type LayoutBox,
	type LayoutEdge,
	type LayoutOptions
} from './layout-rules';

export {
	DEFAULT_ASPECT,
	LAYOUT_SPACING,
	UNTANGLE_MAX_NODES,
	finalTarget,
	type LayoutBox,
	type LayoutEdge,
	type LayoutOptions
};

/** A point-sized node above the top row, tied to the `top` nodes and dropped after the layout. */
const ANCHOR = '\u0000layout-top';
/** Heavy enough that dagre never stretches an edge to ANCHOR to shorten others. */
const TOP_WEIGHT = 1000;

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
