/**
 * Layout as a job that can run away from the page (the editor's layout worker,
 * `view/layout.worker.ts`): what a job and its answer are, and the rules for taking a result back
 * into a document that may have changed while it ran. Running a job (`runLayoutJob`) is in
 * `layout-job.ts`, apart, because it needs dagre: the editor's page reads answers and merges them
 * without carrying the layout engine in its first view.
 *
 * Merge rules (`mergeLayout`), by what the layout was for and what happened to a node meanwhile:
 *
 * | purpose   | map's structure since the request | the node now                           | outcome                                   |
 * | --------- | --------------------------------- | -------------------------------------- | ----------------------------------------- |
 * | `place`   | any                               | still has no position                  | the result's position                     |
 * | `place`   | any                               | has one (dragged, a peer placed it)    | kept as it is                             |
 * | `place`   | any                               | new (not in the result)                | none: the next render places it beside its neighbours |
 * | `gesture` | same                              | position unchanged since the request   | the result's position                     |
 * | `gesture` | same                              | moved since the request (drag, a peer) | kept where it was moved                   |
 * | `gesture` | changed, retries left             | —                                      | `recompute`: lay out the map as it is now |
 * | `gesture` | changed, no retries left          | —                                      | as for the same structure, for the nodes in both |
 * | any       | —                                 | removed                                | nothing                                   |
 *
 * "Structure" is the set of nodes and edges (ids, ends, relations, groups), not box sizes: a label
 * typed meanwhile changes a size, and the layout stays good enough to keep.
 */
import type { Point } from './geometry';
import type { LayoutBox, LayoutEdge, LayoutOptions } from './layout-rules';
import type { Box } from './placement';
import type { EdgeRecord } from '$lib/model/schema';

/** A whole-map layout (`layoutMap`) or the placement of the nodes without a position. */
export type LayoutJob =
	| { kind: 'layout'; boxes: LayoutBox[]; edges: LayoutEdge[]; options: LayoutOptions }
	| { kind: 'place'; boxes: Box[]; edges: EdgeRecord[]; fallback: Point };

/** What a job gives back: positions by node id, as a list (what crosses `postMessage`). */
export type LayoutPositions = Array<[string, number, number]>;

/** Longest node id accepted back from a worker (ids of the schema are far shorter). */
const MAX_ID = 200;

/**
 * A worker's answer, checked: `{ id, positions }` or `{ id, error }`. Anything else is null (the
 * page treats the worker as broken and lays out without it). Positions must be finite numbers.
 */
export function readLayoutReply(
	data: unknown
): { id: number; positions: Map<string, Point> } | { id: number; error: string } | null {
	if (typeof data !== 'object' || data === null) return null;
	const d = data as Record<string, unknown>;
	if (typeof d.id !== 'number' || !Number.isInteger(d.id)) return null;
	if (typeof d.error === 'string') return { id: d.id, error: d.error.slice(0, 500) };
	if (!Array.isArray(d.positions)) return null;
	const positions = new Map<string, Point>();
	for (const row of d.positions as unknown[]) {
		if (!Array.isArray(row) || row.length !== 3) return null;
		const [id, x, y] = row as unknown[];
		if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return null;
		if (typeof x !== 'number' || typeof y !== 'number') return null;
		if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
		positions.set(id, { x, y });
	}
	return { id: d.id, positions };
}

/** What the merge needs to know of the map at one moment. */
export interface LayoutSnapshot {
	/** The nodes and edges, as `structureKey` gives them. */
	structure: string;
	/** Every node's stored position (undefined: none), by id. */
	stored: ReadonlyMap<string, Point | undefined>;
}

/** The map's nodes and edges, without positions or sizes: equal keys, the same graph to lay out. */
export function structureKey(
	nodeIds: readonly string[],
	edges: ReadonlyArray<Pick<LayoutEdge, 'id' | 'from' | 'to' | 'relation' | 'group'>>
): string {
	const ids = [...nodeIds].sort();
	const es = edges.map(
		(e) => `${e.id}\u0001${e.from}\u0001${e.to}\u0001${e.relation}\u0001${e.group ?? ''}`
	);
	es.sort();
	return `${ids.join('\u0002')}\u0003${es.join('\u0002')}`;
}

export type LayoutPurpose = 'place' | 'gesture';

export type MergeOutcome =
	{ action: 'apply'; positions: Map<string, Point> } | { action: 'recompute' };

/** Less than this (model pixels) is not a move: stored positions are rounded to 0.1. */
const MOVED = 0.05;

const moved = (a: Point | undefined, b: Point | undefined): boolean =>
	!a || !b ? a !== b : Math.abs(a.x - b.x) >= MOVED || Math.abs(a.y - b.y) >= MOVED;

/**
 * Takes a layout's result back into the map as it is now (rules in the table above). `apply` may
 * hold no positions: then there is nothing left to write.
 */
export function mergeLayout(
	purpose: LayoutPurpose,
	requested: LayoutSnapshot,
	now: LayoutSnapshot,
	result: ReadonlyMap<string, Point>,
	retriesLeft: number
): MergeOutcome {
	if (purpose === 'gesture' && requested.structure !== now.structure && retriesLeft > 0)
		return { action: 'recompute' };
	const positions = new Map<string, Point>();
	for (const [id, p] of result) {
		if (!now.stored.has(id)) continue;
		const current = now.stored.get(id);
		if (purpose === 'place') {
			if (current === undefined) positions.set(id, p);
		} else if (!moved(requested.stored.get(id), current)) positions.set(id, p);
	}
	return { action: 'apply', positions };
}

/**
 * Where nodes without a position are drawn while their layout runs: a grid around `centre`, row
 * by row in the given order, so that nothing is stacked on one spot and nothing is written.
 */
export function provisionalGrid(
	boxes: ReadonlyArray<Pick<LayoutBox, 'id' | 'w' | 'h'>>,
	centre: Point
): Map<string, Point> {
	const out = new Map<string, Point>();
	if (boxes.length === 0) return out;
	const cellW = Math.max(...boxes.map((b) => b.w)) + 40;
	const cellH = Math.max(...boxes.map((b) => b.h)) + 40;
	const cols = Math.max(1, Math.ceil(Math.sqrt((boxes.length * cellH) / cellW)));
	const rows = Math.ceil(boxes.length / cols);
	const x0 = centre.x - ((cols - 1) * cellW) / 2;
	const y0 = centre.y - ((rows - 1) * cellH) / 2;
	boxes.forEach((b, i) => {
		out.set(b.id, { x: x0 + (i % cols) * cellW, y: y0 + Math.floor(i / cols) * cellH });
	});
	return out;
}

/** What the page sends the worker: one job with the number its answer carries back. */
export interface LayoutRequest {
	id: number;
	job: LayoutJob;
}
