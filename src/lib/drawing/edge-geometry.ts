/**
 * Where an edge's line starts and ends, and its head, in model coordinates. Sizes follow the
 * editor's stylesheet (`view/style.ts`): lines 2px (grouped 2.5, junction arrows 3.5), arrow scale
 * 1.3, which makes cytoscape's triangle about 11px long and 11px wide at 2px.
 */
import type { Point } from './geometry';

export type Head = 'triangle' | 'tee' | 'none';

/** Length and half-width of a triangle head for a line of `width` (cytoscape's arrow sizing). */
export function triangleSize(width: number): { length: number; half: number } {
	const arrow = Math.max(Math.pow(width * 13.37, 0.9), 29) * 1.3;
	return { length: 0.3 * arrow, half: 0.15 * arrow };
}

/** A tee is a bar across the line, as wide as a triangle head and thick enough to read at 1x. */
export const TEE_HALF = 9;
export const TEE_THICKNESS = 4;
export const JUNCTION_RADIUS = 7;

export const unit = (from: Point, to: Point): Point => {
	const d = Math.hypot(to.x - from.x, to.y - from.y);
	return d === 0 ? { x: 0, y: 0 } : { x: (to.x - from.x) / d, y: (to.y - from.y) / d };
};

const along = (p: Point, d: Point, t: number): Point => ({ x: p.x + d.x * t, y: p.y + d.y * t });

/**
 * For parallel edges between the same two nodes, a control point that bends each away from the
 * others by `offset` at its middle (cytoscape's bezier edges step 40px apart); undefined when
 * `offset` is 0, for a straight line.
 */
export function controlPoint(a: Point, b: Point, offset: number): Point | undefined {
	if (offset === 0) return undefined;
	const d = unit(a, b);
	const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
	// A quadratic's middle lies halfway between the chord's middle and its control point.
	return { x: mid.x - d.y * offset * 2, y: mid.y + d.x * offset * 2 };
}

export interface HeadShape {
	/** Where the drawn line stops (short of the tip, so a thick line never pokes through a head). */
	lineEnd: Point;
	/** SVG path data of the head, or '' for none. */
	path: string;
}

/**
 * The head at `tip`, pointing along the unit direction `dir` (from the line towards the tip).
 * `fmt` formats coordinates (so this module stays free of SVG text details).
 */
export function headShape(
	head: Head,
	tip: Point,
	dir: Point,
	width: number,
	fmt: (n: number) => string
): HeadShape {
	const normal = { x: -dir.y, y: dir.x };
	const pt = (p: Point) => `${fmt(p.x)} ${fmt(p.y)}`;
	if (head === 'triangle') {
		const { length, half } = triangleSize(width);
		const base = along(tip, dir, -length);
		const l = along(base, normal, half);
		const r = along(base, normal, -half);
		// The line runs a little into the head so no gap shows between them after anti-aliasing.
		return { lineEnd: along(base, dir, 1), path: `M${pt(tip)}L${pt(l)}L${pt(r)}Z` };
	}
	if (head === 'tee') {
		const back = along(tip, dir, -TEE_THICKNESS);
		const corners = [
			along(tip, normal, TEE_HALF),
			along(tip, normal, -TEE_HALF),
			along(back, normal, -TEE_HALF),
			along(back, normal, TEE_HALF)
		];
		return { lineEnd: back, path: `M${corners.map(pt).join('L')}Z` };
	}
	return { lineEnd: tip, path: '' };
}
