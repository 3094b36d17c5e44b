/**
 * SVG outlines for the editor's node shapes (`CyShape` in `kinds.ts`), drawn to look like
 * cytoscape's, plus a polygon of each outline for clipping edges at a node's border.
 * All coordinates are relative to the node's centre; (w, h) is the node's box.
 */
import type { CyShape } from './kinds';
import type { Point } from './geometry';
import { num } from './svg-number';

/** cytoscape rounds rectangles with min(w/4, h/4, 8), cuts corners by 8, rounds polygons by ~8. */
const ROUND = 8;
const CUT = 8;

/** Corner points of the polygonal shapes, clockwise from the top left. */
function polygon(shape: CyShape, w: number, h: number): Point[] | null {
	const x0 = -w / 2;
	const x1 = w / 2;
	const y0 = -h / 2;
	const y1 = h / 2;
	switch (shape) {
		case 'rectangle':
		case 'round-rectangle':
			return [
				{ x: x0, y: y0 },
				{ x: x1, y: y0 },
				{ x: x1, y: y1 },
				{ x: x0, y: y1 }
			];
		case 'cut-rectangle': {
			const c = Math.min(CUT, w / 4, h / 4);
			return [
				{ x: x0 + c, y: y0 },
				{ x: x1 - c, y: y0 },
				{ x: x1, y: y0 + c },
				{ x: x1, y: y1 - c },
				{ x: x1 - c, y: y1 },
				{ x: x0 + c, y: y1 },
				{ x: x0, y: y1 - c },
				{ x: x0, y: y0 + c }
			];
		}
		case 'round-hexagon':
			return [
				{ x: x0 + w / 4, y: y0 },
				{ x: x1 - w / 4, y: y0 },
				{ x: x1, y: 0 },
				{ x: x1 - w / 4, y: y1 },
				{ x: x0 + w / 4, y: y1 },
				{ x: x0, y: 0 }
			];
		case 'round-tag':
			// A label tag pointing right, as cytoscape's tag: the point takes the last quarter.
			return [
				{ x: x0, y: y0 },
				{ x: x1 - w / 4, y: y0 },
				{ x: x1, y: 0 },
				{ x: x1 - w / 4, y: y1 },
				{ x: x0, y: y1 }
			];
		default:
			return null;
	}
}

/** A closed path through `points` whose corners are rounded by up to `r` (a quadratic per corner). */
function roundedPath(points: Point[], r: number): string {
	const n = points.length;
	const parts: string[] = [];
	for (let i = 0; i < n; i++) {
		const prev = points[(i + n - 1) % n];
		const p = points[i];
		const next = points[(i + 1) % n];
		const toward = (q: Point) => {
			const d = Math.hypot(q.x - p.x, q.y - p.y);
			// Never more than a third of a side, so neighbouring corners never overlap.
			const k = d === 0 ? 0 : Math.min(r, d / 3) / d;
			return { x: p.x + (q.x - p.x) * k, y: p.y + (q.y - p.y) * k };
		};
		const a = toward(prev);
		const b = toward(next);
		parts.push(
			`${i === 0 ? 'M' : 'L'}${num(a.x)} ${num(a.y)}Q${num(p.x)} ${num(p.y)} ${num(b.x)} ${num(b.y)}`
		);
	}
	return `${parts.join('')}Z`;
}

const straightPath = (points: Point[]): string =>
	`M${points.map((p) => `${num(p.x)} ${num(p.y)}`).join('L')}Z`;

/**
 * A barrel: flat top and bottom, sides bulging out to the box edge. Each side is one cubic whose
 * control points sit a third of the inset beyond the box, so the curve's widest point is the box edge.
 */
function barrelPath(w: number, h: number): string {
	const a = Math.min(0.1 * w, 20);
	const x0 = -w / 2 + a;
	const x1 = w / 2 - a;
	const y0 = -h / 2;
	const y1 = h / 2;
	const c = (4 * a) / 3;
	return (
		`M${num(x0)} ${num(y0)}L${num(x1)} ${num(y0)}` +
		`C${num(x1 + c)} ${num(y0)} ${num(x1 + c)} ${num(y1)} ${num(x1)} ${num(y1)}` +
		`L${num(x0)} ${num(y1)}` +
		`C${num(x0 - c)} ${num(y1)} ${num(x0 - c)} ${num(y0)} ${num(x0)} ${num(y0)}Z`
	);
}

/** The SVG path data (`d`) of a shape centred on the origin. Ellipses too, so one element fits all. */
export function shapePath(shape: CyShape, w: number, h: number): string {
	if (shape === 'ellipse') {
		const rx = num(w / 2);
		const ry = num(h / 2);
		return `M${num(-w / 2)} 0A${rx} ${ry} 0 1 0 ${num(w / 2)} 0A${rx} ${ry} 0 1 0 ${num(-w / 2)} 0Z`;
	}
	if (shape === 'barrel') return barrelPath(w, h);
	const points = polygon(shape, w, h)!;
	if (shape === 'rectangle' || shape === 'cut-rectangle') return straightPath(points);
	const r = shape === 'round-rectangle' ? Math.min(w / 4, h / 4, ROUND) : ROUND;
	return roundedPath(points, r);
}

/** A convex polygon close to the outline, used to find where an edge meets the node. */
export function outline(shape: CyShape, w: number, h: number): Point[] {
	const poly = polygon(shape, w, h);
	if (poly) return poly;
	if (shape === 'barrel') {
		const a = Math.min(0.1 * w, 20);
		return [
			{ x: -w / 2 + a, y: -h / 2 },
			{ x: w / 2 - a, y: -h / 2 },
			{ x: w / 2 - a / 4, y: -h / 4 },
			{ x: w / 2, y: 0 },
			{ x: w / 2 - a / 4, y: h / 4 },
			{ x: w / 2 - a, y: h / 2 },
			{ x: -w / 2 + a, y: h / 2 },
			{ x: -w / 2 + a / 4, y: h / 4 },
			{ x: -w / 2, y: 0 },
			{ x: -w / 2 + a / 4, y: -h / 4 }
		];
	}
	const steps = 32;
	return Array.from({ length: steps }, (_, i) => {
		const t = (2 * Math.PI * i) / steps;
		return { x: (Math.cos(t) * w) / 2, y: (Math.sin(t) * h) / 2 };
	});
}

/**
 * How far from the centre, along the unit direction `d`, the ray leaves the convex `poly`.
 * The origin is inside every outline, so exactly one side is crossed going outward.
 */
export function exitDistance(poly: readonly Point[], d: Point): number {
	let best = Infinity;
	for (let i = 0; i < poly.length; i++) {
		const a = poly[i];
		const b = poly[(i + 1) % poly.length];
		const ex = b.x - a.x;
		const ey = b.y - a.y;
		const den = d.x * ey - d.y * ex;
		if (Math.abs(den) < 1e-12) continue;
		const t = (a.x * ey - a.y * ex) / den;
		const s = (a.x * d.y - a.y * d.x) / den;
		if (t >= 0 && s >= -1e-9 && s <= 1 + 1e-9 && t < best) best = t;
	}
	return Number.isFinite(best) ? best : 0;
}
