/**
 * Positions of the helper nodes that `elements.ts` adds (junctions and edge midpoints). They are
 * derived from the map nodes' positions, never stored: every peer computes the same ones.
 */
import type { ElementDef } from './elements';

export interface Point {
	x: number;
	y: number;
}

/** Where a junction sits between its premises and its conclusion (0 = at the conclusion). */
export const JUNCTION_RATIO = 0.45;

const mean = (points: Point[]): Point => ({
	x: points.reduce((s, p) => s + p.x, 0) / points.length,
	y: points.reduce((s, p) => s + p.y, 0) / points.length
});

/**
 * Computes junction and mid positions from `positionOf` (positions of map nodes). Junctions first,
 * then midpoints of edges in rounds, because an undercut's midpoint depends on the midpoint of the
 * edge it attacks. Elements whose ends have no position get none.
 */
export function derivedPositions(
	elements: readonly ElementDef[],
	positionOf: (id: string) => Point | undefined
): Map<string, Point> {
	const out = new Map<string, Point>();
	const at = (id: string) => out.get(id) ?? positionOf(id);
	const premises = new Map<string, string[]>();
	const edgeEnds = new Map<string, { source: string; target: string }>();
	for (const el of elements) {
		const d = el.data;
		if (d.role === 'edge') {
			edgeEnds.set(d.id, { source: d.source, target: d.target });
			if (d.target.startsWith('junction:')) {
				const list = premises.get(d.target) ?? [];
				list.push(d.source);
				premises.set(d.target, list);
			}
		}
	}
	for (const el of elements) {
		const d = el.data;
		if (d.role !== 'junction') continue;
		const target = positionOf(d.target);
		const sources = (premises.get(d.id) ?? []).map(positionOf).filter((p): p is Point => !!p);
		if (!target || sources.length === 0) continue;
		const c = mean(sources);
		out.set(d.id, {
			x: target.x + (c.x - target.x) * JUNCTION_RATIO,
			y: target.y + (c.y - target.y) * JUNCTION_RATIO
		});
	}
	let pending = elements.filter((el) => el.data.role === 'mid');
	for (let progress = true; progress && pending.length > 0;) {
		progress = false;
		pending = pending.filter((el) => {
			const ends = edgeEnds.get((el.data as { edge: string }).edge);
			const a = ends && at(ends.source);
			const b = ends && at(ends.target);
			if (!a || !b) return true;
			out.set(el.data.id, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
			progress = true;
			return false;
		});
	}
	return out;
}
