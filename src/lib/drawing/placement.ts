/**
 * Places map nodes that have no stored position (a peer or an import added them without one) near
 * the nodes they are joined to, without running a full layout that would move everyone else's nodes.
 */
import type { EdgeRecord } from '$lib/model/schema';
import type { Point } from './geometry';

export interface Box {
	id: string;
	w: number;
	h: number;
	position?: Point;
}

/** Vertical distance between a node and the nodes it supports or attacks (they sit above it). */
export const RANK_GAP = 150;
const H_GAP = 30;

const overlaps = (a: Point & { w: number; h: number }, b: Point & { w: number; h: number }) =>
	Math.abs(a.x - b.x) < (a.w + b.w) / 2 + H_GAP / 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2 + 10;

/**
 * Returns positions for the boxes without one. `fallback` is used for a node with no placed
 * neighbour (e.g. the centre of the viewport). Returns an empty map when nothing is missing.
 */
export function placeMissing(
	boxes: readonly Box[],
	edges: readonly EdgeRecord[],
	fallback: Point
): Map<string, Point> {
	const placed = new Map<string, Point & { w: number; h: number }>();
	for (const b of boxes) if (b.position) placed.set(b.id, { ...b.position, w: b.w, h: b.h });
	const edgeTo = new Map(edges.map((e) => [e.id, e]));
	/** The node an edge finally points at (an undercut points at its target edge's target). */
	const targetNode = (e: EdgeRecord, depth = 0): string | undefined => {
		if (e.relation !== 'undercuts') return e.to;
		const t = edgeTo.get(e.to);
		return t && depth < 16 ? targetNode(t, depth + 1) : undefined;
	};
	const out = new Map<string, Point>();
	for (const b of boxes) {
		if (b.position) continue;
		const above: Point[] = [];
		const below: Point[] = [];
		for (const e of edges) {
			const to = targetNode(e);
			if (e.from === b.id && to && placed.has(to)) above.push(placed.get(to)!);
			if (to === b.id && placed.has(e.from)) below.push(placed.get(e.from)!);
		}
		let p: Point;
		if (above.length > 0) {
			p = {
				x: above.reduce((s, q) => s + q.x, 0) / above.length,
				y: Math.max(...above.map((q) => q.y)) + RANK_GAP
			};
		} else if (below.length > 0) {
			p = {
				x: below.reduce((s, q) => s + q.x, 0) / below.length,
				y: Math.min(...below.map((q) => q.y)) - RANK_GAP
			};
		} else p = { ...fallback };
		const cand = { ...p, w: b.w, h: b.h };
		// Step right until the box is clear of every box placed so far; bounded so it always ends.
		for (let i = 0; i < 200 && [...placed.values()].some((q) => overlaps(cand, q)); i++)
			cand.x += b.w / 2 + H_GAP;
		placed.set(b.id, cand);
		out.set(b.id, { x: cand.x, y: cand.y });
	}
	return out;
}
