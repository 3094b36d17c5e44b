/**
 * The layered layout of a large map by ELK (elkjs, Eclipse Layout Kernel's "layered" algorithm)
 * instead of dagre, then the same fold and untangling as `layoutMap` (`finishLayout`).
 *
 * Why two engines: measured by `bench/layout.bench.ts` (crossings after the fold, and time), dagre
 * gives fewer crossings on maps of a few hundred nodes (the essay: 26 against 33; 300 nodes: 171
 * against 185), while from 1,000 nodes ELK gives fewer crossings in less time (1,000: 2,169 in
 * 3.3 s against 3,017 in 8.9 s; 2,000: 6,583 in 9.8 s against 9,890 in 16.4 s). ELK is asynchronous
 * and about 440 KB gzip, so only the editor's layout worker uses it (loaded there on the first
 * large map); synchronous callers (image export, AIF import, the essay script) keep `layoutMap`.
 *
 * ELK has no "these nodes on the top row" constraint, so a job with `top` stays with dagre.
 */
import type { ELK } from 'elkjs/lib/elk-api';
import type { Point } from './geometry';
import { answerLayoutRequest, type LayoutPositions, type LayoutRequest } from './layout-job';
import {
	finalTarget,
	finishLayout,
	LAYOUT_SPACING,
	type LayoutBox,
	type LayoutEdge,
	type LayoutOptions
} from './layout-map';

/** From this many nodes a whole-map layout uses ELK (where the bench shows it ahead on both counts). */
export const ELK_FROM_NODES = 1000;

/** Whether a whole-map layout of these boxes goes to ELK. */
export function prefersElk(
	boxCount: number,
	options: LayoutOptions = {},
	fromNodes = ELK_FROM_NODES
): boolean {
	return boxCount >= fromNodes && (options.top?.length ?? 0) === 0;
}

/** ELK's layered positions (centres), edges aimed as `layoutMap` aims them for dagre. */
export async function elkLayered(
	elk: ELK,
	boxes: readonly LayoutBox[],
	edges: readonly LayoutEdge[]
): Promise<Map<string, Point>> {
	const byId = new Map(edges.map((e) => [e.id, e]));
	const ids = new Set(boxes.map((b) => b.id));
	const elkEdges = edges.flatMap((e) => {
		const to = finalTarget(e, byId);
		return to && to !== e.from && ids.has(e.from) && ids.has(to)
			? [{ id: e.id, sources: [e.from], targets: [to] }]
			: [];
	});
	const graph = await elk.layout({
		id: 'root',
		layoutOptions: {
			'elk.algorithm': 'layered',
			// Edges point from a reason up to what it supports: theses on top.
			'elk.direction': 'UP',
			'elk.spacing.nodeNode': String(LAYOUT_SPACING.nodeSep),
			'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYOUT_SPACING.rankSep),
			'elk.spacing.edgeEdge': String(LAYOUT_SPACING.edgeSep)
		},
		children: boxes.map((b) => ({ id: b.id, width: b.w, height: b.h })),
		edges: elkEdges
	});
	const out = new Map<string, Point>();
	for (const n of graph.children ?? []) {
		const x = (n.x ?? 0) + (n.width ?? 0) / 2;
		const y = (n.y ?? 0) + (n.height ?? 0) / 2;
		if (Number.isFinite(x) && Number.isFinite(y)) out.set(n.id, { x, y });
	}
	return out;
}

/** `layoutMap` with ELK as the layered engine: the same fold and untangling afterwards. */
export async function layoutMapElk(
	elk: ELK,
	boxes: readonly LayoutBox[],
	edges: readonly LayoutEdge[],
	options: LayoutOptions = {}
): Promise<Map<string, Point>> {
	if (boxes.length === 0) return new Map();
	const layered = await elkLayered(elk, boxes, edges);
	if (layered.size !== boxes.length) throw new Error('ELK left nodes without a position');
	return finishLayout(layered, boxes, edges, options);
}

/**
 * The layout worker's answer to a request: a whole-map layout that `prefersElk` goes to ELK (loaded
 * by `loadElk` on first use); anything else, or an ELK failure, to `answerLayoutRequest` (dagre), so
 * a request is always answered and ELK can only make a large layout better, never break it.
 */
export async function answerLayoutRequestElk(
	data: unknown,
	loadElk: () => Promise<ELK>,
	fromNodes = ELK_FROM_NODES
): Promise<ReturnType<typeof answerLayoutRequest>> {
	const d = (typeof data === 'object' && data !== null ? data : {}) as Partial<LayoutRequest>;
	const job = d.job;
	if (
		typeof d.id === 'number' &&
		Number.isInteger(d.id) &&
		d.id >= 0 &&
		job?.kind === 'layout' &&
		Array.isArray(job.boxes) &&
		Array.isArray(job.edges) &&
		prefersElk(job.boxes.length, job.options, fromNodes)
	) {
		try {
			const at = await layoutMapElk(await loadElk(), job.boxes, job.edges, job.options);
			const positions: LayoutPositions = [];
			for (const [id, p] of at) positions.push([id, p.x, p.y]);
			return { id: d.id, positions };
		} catch {
			// dagre below
		}
	}
	return answerLayoutRequest(data);
}
