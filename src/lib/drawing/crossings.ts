/**
 * How tangled a laid-out map looks: the number of pairs of drawn edge segments that cross. Segments
 * are straight lines between centres, as the editor draws them (cytoscape's bezier edges are straight
 * unless two edges join the same pair of nodes): a premise of a co-premise group runs to its group's
 * junction and one segment leaves the junction for the conclusion; an undercut runs to the middle of
 * the edge it attacks. Two segments that share an end never count, nor do segments that only touch.
 * Used by the layout (to pick the less tangled of its candidates) and by `bench/layout.bench.ts`.
 */
import type { EdgeRecord } from '$lib/model/schema';
import { JUNCTION_RATIO, type Point } from './geometry';

export type CrossingEdge = Pick<EdgeRecord, 'id' | 'from' | 'to' | 'relation'> & {
	group?: string;
};

export interface Segment {
	/** Ids of the two ends (node, junction or edge-middle ids), to skip pairs that share one. */
	a: string;
	b: string;
	p: Point;
	q: Point;
}

const mean = (ps: Point[]): Point => ({
	x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
	y: ps.reduce((s, p) => s + p.y, 0) / ps.length
});

/** The straight segments the editor draws for `edges` with nodes at `positions`. */
export function drawnSegments(
	positions: ReadonlyMap<string, Point>,
	edges: readonly CrossingEdge[]
): Segment[] {
	const groups = new Map<string, CrossingEdge[]>();
	for (const e of edges) {
		if (e.relation !== 'supports' || !e.group) continue;
		const key = `junction:${e.to}:${e.group}`;
		groups.set(key, [...(groups.get(key) ?? []), e]);
	}
	const junctionOf = new Map<string, string>();
	const at = new Map<string, Point>(positions);
	const out: Segment[] = [];
	for (const [key, members] of groups) {
		if (members.length < 2) continue;
		const target = positions.get(members[0].to);
		const sources = members.map((m) => positions.get(m.from)).filter((p): p is Point => !!p);
		if (!target || sources.length === 0) continue;
		const c = mean(sources);
		const j = {
			x: target.x + (c.x - target.x) * JUNCTION_RATIO,
			y: target.y + (c.y - target.y) * JUNCTION_RATIO
		};
		at.set(key, j);
		for (const m of members) junctionOf.set(m.id, key);
		out.push({ a: key, b: members[0].to, p: j, q: target });
	}
	// Undercuts end at the middle of the edge they attack, which may itself be an undercut: resolve
	// in rounds, bounded by the number of edges (a broken document may hold a cycle).
	const byId = new Map(edges.map((e) => [e.id, e]));
	const ends = (e: CrossingEdge): [string, string] => [e.from, junctionOf.get(e.id) ?? e.to];
	let pending = edges.filter((e) => e.relation === 'undercuts');
	for (const e of edges) {
		if (e.relation === 'undercuts') continue;
		const [a, b] = ends(e);
		const p = at.get(a);
		const q = at.get(b);
		if (p && q) out.push({ a, b, p, q });
	}
	for (let round = 0; round <= edges.length && pending.length > 0; round++) {
		const before = pending.length;
		pending = pending.filter((e) => {
			const hit = byId.get(e.to);
			if (!hit) return false;
			const [a, b] = hit.relation === 'undercuts' ? [hit.from, `mid:${hit.to}`] : ends(hit);
			const p = at.get(a);
			const q = at.get(b);
			const src = at.get(e.from);
			if (!p || !q || !src) return true;
			const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
			at.set(`mid:${e.to}`, mid);
			out.push({ a: e.from, b: `mid:${e.to}`, p: src, q: mid });
			return false;
		});
		if (pending.length === before) break;
	}
	return out;
}

const orient = (a: Point, b: Point, c: Point) =>
	(b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);

/** Whether segments pq and rs cross at a point inside both (touching or collinear does not count). */
export function segmentsCross(p: Point, q: Point, r: Point, s: Point): boolean {
	const d1 = orient(p, q, r);
	const d2 = orient(p, q, s);
	const d3 = orient(r, s, p);
	const d4 = orient(r, s, q);
	return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Pairs of drawn segments that cross (see the module comment). */
export function countCrossings(
	positions: ReadonlyMap<string, Point>,
	edges: readonly CrossingEdge[]
): number {
	const segs = drawnSegments(positions, edges);
	// Sorted by left end, so each segment is compared only with those whose x-ranges overlap it.
	const items = segs
		.map((s) => ({ s, x1: Math.min(s.p.x, s.q.x), x2: Math.max(s.p.x, s.q.x) }))
		.sort((u, v) => u.x1 - v.x1);
	let n = 0;
	for (let i = 0; i < items.length; i++) {
		const u = items[i];
		for (let j = i + 1; j < items.length && items[j].x1 <= u.x2; j++) {
			const v = items[j].s;
			const s = u.s;
			if (s.a === v.a || s.a === v.b || s.b === v.a || s.b === v.b) continue;
			if (segmentsCross(s.p, s.q, v.p, v.q)) n++;
		}
	}
	return n;
}
