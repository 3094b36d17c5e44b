/**
 * A clean-up pass after the layered layout: within each row, swaps neighbours whenever that makes
 * fewer drawn edges cross (`crossings.ts`), until no swap helps. Dagre orders each rank to reduce
 * crossings between ranks, but it knows nothing of the co-premise junctions, the undercuts drawn to
 * edge middles or the sub-rows that `compact.ts` folds a wide rank into; this pass sees the map as
 * it is drawn. Rows stay rows: a swap moves two neighbours within the span they already cover (the
 * gap between them kept), so nothing new overlaps and the left-to-right order of the rest is kept.
 */
import { drawnSegments, segmentsCross, type CrossingEdge, type Segment } from './crossings';
import type { Point } from './geometry';

export interface RowBox {
	id: string;
	w: number;
	h: number;
}

/** Most passes over all rows; each pass is a sweep of neighbour swaps. */
export const UNTANGLE_PASSES = 4;

const same = (p: Point, q: Point) => p.x === q.x && p.y === q.y;

/** Crossings between the `moved` segments and all others (each pair once). */
function crossingsOf(moved: Segment[], all: Segment[]): number {
	const rank = new Map(moved.map((s, i) => [s, i]));
	let n = 0;
	for (const [i, s] of moved.entries())
		for (const t of all) {
			const j = rank.get(t);
			if (j !== undefined && j <= i) continue;
			if (s.a === t.a || s.a === t.b || s.b === t.a || s.b === t.b) continue;
			if (segmentsCross(s.p, s.q, t.p, t.q)) n++;
		}
	return n;
}

/**
 * Positions with neighbours in each row swapped where that removes crossings. `positions` is not
 * changed; rows are nodes whose centres share a y (within half a pixel).
 */
export function untangleRows(
	positions: ReadonlyMap<string, Point>,
	boxes: readonly RowBox[],
	edges: readonly CrossingEdge[],
	passes = UNTANGLE_PASSES
): Map<string, Point> {
	const at = new Map<string, Point>();
	for (const [id, p] of positions) at.set(id, { ...p });
	const width = new Map(boxes.map((b) => [b.id, b.w]));
	const rows = new Map<number, string[]>();
	for (const b of boxes) {
		const p = at.get(b.id);
		if (!p) continue;
		const key = Math.round(p.y * 2);
		rows.set(key, [...(rows.get(key) ?? []), b.id]);
	}
	// Segments come out of `drawnSegments` in the same order whatever the positions, so the ones a
	// swap moved are found by index and the change in crossings is counted exactly.
	let current = drawnSegments(at, edges);
	for (let pass = 0; pass < passes; pass++) {
		let improved = false;
		for (const row of rows.values()) {
			row.sort((a, b) => at.get(a)!.x - at.get(b)!.x);
			for (let i = 0; i + 1 < row.length; i++) {
				const u = row[i];
				const v = row[i + 1];
				const pu = at.get(u)!;
				const pv = at.get(v)!;
				const wu = width.get(u)!;
				const wv = width.get(v)!;
				const left = pu.x - wu / 2;
				const gap = pv.x - wv / 2 - (pu.x + wu / 2);
				at.set(v, { x: left + wv / 2, y: pv.y });
				at.set(u, { x: left + wv + gap + wu / 2, y: pu.y });
				const next = drawnSegments(at, edges);
				const moved: number[] = [];
				for (let k = 0; k < next.length; k++)
					if (!same(next[k].p, current[k].p) || !same(next[k].q, current[k].q)) moved.push(k);
				const before = crossingsOf(
					moved.map((k) => current[k]),
					current
				);
				const after = crossingsOf(
					moved.map((k) => next[k]),
					next
				);
				if (after < before) {
					current = next;
					row[i] = v;
					row[i + 1] = u;
					improved = true;
				} else {
					at.set(u, pu);
					at.set(v, pv);
				}
			}
		}
		if (!improved) break;
	}
	return at;
}
