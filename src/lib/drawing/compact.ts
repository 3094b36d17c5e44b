/**
 * Makes a wide layered layout fit a screen better. Dagre puts every node of a rank on one row, so an
 * essay map with forty pieces of evidence under a handful of claims comes out many screens wide and
 * one screen tall. This squeezes the layout horizontally by a factor k and lets nodes that would
 * then overlap drop into extra sub-rows of their rank, picking the k whose overall shape is closest
 * to the viewport's. Ranks keep their order (everything in a rank stays above the next rank) and
 * nodes keep their left-to-right order within a rank, so dagre's grouping under parents survives.
 */
import type { Point } from './geometry';

export interface Placed {
	id: string;
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface CompactOptions {
	hGap: number;
	/** Between sub-rows of one rank. */
	subRowGap: number;
	/** Between ranks. */
	rankGap: number;
	maxSqueeze: number;
}

export const COMPACT_DEFAULTS: CompactOptions = {
	hGap: 24,
	subRowGap: 22,
	rankGap: 80,
	maxSqueeze: 5
};

function ranksOf(nodes: readonly Placed[]): Placed[][] {
	const sorted = [...nodes].sort((a, b) => a.y - b.y || a.x - b.x);
	const ranks: Placed[][] = [];
	for (const n of sorted) {
		const last = ranks.at(-1);
		// Dagre centres a rank on one y; anything within a pixel is the same rank.
		if (last && Math.abs(last[0].y - n.y) < 1) last.push(n);
		else ranks.push([n]);
	}
	for (const r of ranks) r.sort((a, b) => a.x - b.x);
	return ranks;
}

function squeeze(ranks: Placed[][], k: number, centre: number, o: CompactOptions) {
	const out = new Map<string, Point>();
	let top = 0;
	let minX = Infinity;
	let maxX = -Infinity;
	for (const rank of ranks) {
		const rowRight: number[] = [];
		const rowHeight: number[] = [];
		const rowOf = new Map<string, number>();
		const xs = new Map<string, number>();
		for (const n of rank) {
			const x = centre + (n.x - centre) / k;
			let row = rowRight.findIndex((right) => right + o.hGap <= x - n.w / 2);
			if (row < 0) {
				row = rowRight.length;
				rowRight.push(-Infinity);
				rowHeight.push(0);
			}
			rowRight[row] = x + n.w / 2;
			rowHeight[row] = Math.max(rowHeight[row], n.h);
			rowOf.set(n.id, row);
			xs.set(n.id, x);
		}
		const rowTop: number[] = [];
		let y = top;
		for (let i = 0; i < rowHeight.length; i++) {
			rowTop.push(y);
			y += rowHeight[i] + o.subRowGap;
		}
		for (const n of rank) {
			const row = rowOf.get(n.id)!;
			const x = xs.get(n.id)!;
			out.set(n.id, { x, y: rowTop[row] + rowHeight[row] / 2 });
			minX = Math.min(minX, x - n.w / 2);
			maxX = Math.max(maxX, x + n.w / 2);
		}
		top = y - o.subRowGap + o.rankGap;
	}
	return { positions: out, width: maxX - minX, height: top - o.rankGap };
}

/** New positions for `nodes` (laid out in ranks, top to bottom), shaped for `aspect` = width / height. */
export function compactLayout(
	nodes: readonly Placed[],
	aspect: number,
	o: CompactOptions = COMPACT_DEFAULTS
): Map<string, Point> {
	if (nodes.length === 0) return new Map();
	const ranks = ranksOf(nodes);
	const xs = nodes.map((n) => n.x);
	const centre = (Math.min(...xs) + Math.max(...xs)) / 2;
	// A layout up to twice as wide as wanted is left as dagre made it: sub-rows cost readability.
	const ys = nodes.map((n) => n.y);
	const width =
		Math.max(...nodes.map((n) => n.x + n.w / 2)) - Math.min(...nodes.map((n) => n.x - n.w / 2));
	const height = Math.max(...ys) - Math.min(...ys) + Math.max(...nodes.map((n) => n.h));
	if (width / height <= 2 * aspect) return new Map(nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
	let best: { positions: Map<string, Point>; score: number } | null = null;
	for (let k = 1; k <= o.maxSqueeze; k++) {
		const c = squeeze(ranks, k, centre, o);
		const score = Math.abs(Math.log(Math.max(c.width, 1) / Math.max(c.height, 1) / aspect));
		if (!best || score < best.score - 1e-9) best = { positions: c.positions, score };
	}
	// Keep the layout where dagre put its top rank, so a re-layout does not jump across the canvas.
	const dy = Math.min(...ranks[0].map((n) => n.y - n.h / 2));
	for (const p of best!.positions.values()) p.y += dy;
	return best!.positions;
}
