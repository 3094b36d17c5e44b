/**
 * The arrangement of a folded map's nodes in view (what `FoldView` lays out in the editor: the
 * nodes its folds leave, laid out afresh by `layoutMap` to fit the pane), as one pure description
 * shared by the editor and the server.
 *
 * The server lays out the arrangement of a map's DEFAULT folds (`defaultFolds`, its main lines)
 * once per document state, with the page's preview (`firstArrangement`), and sends it in the
 * editor page's data: a reader with no folds of their own then sees the map drawn arranged at
 * once, and the page needs no layout engine (dagre) for its first view. The editor takes it only
 * when it is the arrangement of exactly the graph it has in view (`arrangementKey`: the nodes in
 * view and the edges between them, whatever folds put them there), when its own label boxes do not
 * overlap there (the server measures labels by estimate, the page with a canvas), and when its pane
 * is shaped roughly like the one assumed here (`usableArrangement`); otherwise it lays out itself,
 * as before.
 */
import { defaultFolds, hiddenByFolds } from './fold';
import { finalTarget, type LayoutEdge } from './layout-rules';
import type { LayoutJob, LayoutPositions } from './layout-merge';

/**
 * Arrangements of at most this many nodes are laid out on the page, at once (the essay map shows
 * 12 at open); larger ones go to the layout worker. The server sends arrangements of this size only.
 */
export const ARRANGE_ON_PAGE_MAX = 30;

/** Arrangements of more nodes than this skip the untangling pass (it costs ~0.7 s at 300). */
export const ARRANGE_UNTANGLE_MAX = 120;

/**
 * The pane's shape (width / height) the server lays out for: the map's pane beside the essay in a
 * laptop's window (1400×860 gives about 950×780). A pane whose shape is further than
 * `ARRANGEMENT_ASPECT_SLACK` times from it (a phone's map tab) lays out for itself.
 */
export const ARRANGEMENT_ASPECT = 1.25;
export const ARRANGEMENT_ASPECT_SLACK = 1.6;

/** A node's box: its centre's size (the layout's input). */
export interface ArrangedBox {
	id: string;
	w: number;
	h: number;
}

/** An arrangement sent with the page: for the graph of `key`, each node in view's centre. */
export interface FirstArrangement {
	key: string;
	at: LayoutPositions;
}

/** What `FoldView` lays out for the nodes `hidden` leaves in view. */
export function arrangementJob(
	ids: readonly string[],
	edges: readonly LayoutEdge[],
	hidden: ReadonlySet<string>,
	boxOf: (id: string) => { w: number; h: number },
	aspect: number
): { boxes: ArrangedBox[]; shownEdges: LayoutEdge[]; job: LayoutJob & { kind: 'layout' } } {
	const boxes = ids.filter((id) => !hidden.has(id)).map((id) => ({ id, ...boxOf(id) }));
	const visible = new Set(boxes.map((b) => b.id));
	// Only edges drawn between nodes in view: the layout's cost grows with the edges it is given.
	const byId = new Map(edges.map((e) => [e.id, e]));
	const shownEdges = edges.filter((e) => {
		const to = finalTarget(e, byId);
		return visible.has(e.from) && to !== null && visible.has(to);
	});
	const pointing = new Set(shownEdges.map((e) => e.from));
	const top = boxes.filter((b) => !pointing.has(b.id)).map((b) => b.id);
	const options = {
		aspect,
		top,
		// The arrangement runs while the map opens: untangling is left to small ones.
		untangle: boxes.length <= ARRANGE_UNTANGLE_MAX
	};
	return { boxes, shownEdges, job: { kind: 'layout', boxes, edges: shownEdges, options } };
}

/** Two independent 32-bit FNV-1a hashes of `s`, as 16 hex digits (a key, not a secret). */
function hash64(s: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
	}
	const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
	return hex(a) + hex(b);
}

/**
 * The graph an arrangement was laid out for: the nodes in view and the edges drawn between them
 * (ends, relation, co-premise group), in no particular order. Label sizes are not part of it: the
 * page checks its own boxes against the positions (`usableArrangement`).
 */
export function arrangementKey(ids: Iterable<string>, shownEdges: readonly LayoutEdge[]): string {
	const nodes = [...ids].sort();
	const edges = shownEdges
		.map((e) => [e.id, e.from, e.to, e.relation, e.group ?? ''].join('\u0001'))
		.sort();
	return hash64(JSON.stringify([nodes, edges]));
}

/**
 * The arrangement of a map's default folds, as the server sends it: null when the map does not
 * open folded by default (too small, nothing to fold) or leaves more than `ARRANGE_ON_PAGE_MAX`
 * nodes in view (the worker lays those out; a page would not wait for them anyway).
 */
export function firstArrangement(
	ids: readonly string[],
	edges: readonly LayoutEdge[],
	boxOf: (id: string) => { w: number; h: number },
	run: (job: LayoutJob) => LayoutPositions
): FirstArrangement | null {
	const folded = defaultFolds(ids, edges);
	if (folded.length === 0) return null;
	const hidden = hiddenByFolds(ids, edges, new Set(folded));
	if (hidden.size === 0 || ids.length - hidden.size > ARRANGE_ON_PAGE_MAX) return null;
	const { boxes, shownEdges, job } = arrangementJob(ids, edges, hidden, boxOf, ARRANGEMENT_ASPECT);
	return {
		key: arrangementKey(
			boxes.map((b) => b.id),
			shownEdges
		),
		at: run(job)
	};
}

const ID_MAX = 200;
const COORD_MAX = 1e7;

/**
 * An arrangement read from the page's data, or null when it is not one (anything else, garbled,
 * more than `ARRANGE_ON_PAGE_MAX` nodes, a coordinate that is not a finite number in range).
 */
export function readFirstArrangement(x: unknown): FirstArrangement | null {
	if (typeof x !== 'object' || x === null) return null;
	const { key, at } = x as { key?: unknown; at?: unknown };
	if (typeof key !== 'string' || !/^[0-9a-f]{16}$/.test(key)) return null;
	if (!Array.isArray(at) || at.length === 0 || at.length > ARRANGE_ON_PAGE_MAX) return null;
	const out: LayoutPositions = [];
	const seen = new Set<string>();
	for (const p of at as unknown[]) {
		if (!Array.isArray(p) || p.length !== 3) return null;
		const [id, px, py] = p as unknown[];
		if (typeof id !== 'string' || id.length === 0 || id.length > ID_MAX || seen.has(id))
			return null;
		if (typeof px !== 'number' || typeof py !== 'number') return null;
		if (!Number.isFinite(px) || !Number.isFinite(py)) return null;
		if (Math.abs(px) > COORD_MAX || Math.abs(py) > COORD_MAX) return null;
		seen.add(id);
		out.push([id, px, py]);
	}
	return { key, at: out };
}

/**
 * The sent arrangement's positions, when the page may draw them for the graph it has in view:
 * the same graph (`key`), a position for every node in view and none other, no two of the page's
 * own boxes overlapping there, and a pane shaped like the one it was laid out for. Null otherwise
 * (the page lays out itself).
 */
export function usableArrangement(
	sent: FirstArrangement,
	boxes: readonly ArrangedBox[],
	shownEdges: readonly LayoutEdge[],
	aspect: number
): Map<string, { x: number; y: number }> | null {
	const slack = Math.max(aspect / ARRANGEMENT_ASPECT, ARRANGEMENT_ASPECT / aspect);
	if (!(slack <= ARRANGEMENT_ASPECT_SLACK)) return null;
	if (sent.at.length !== boxes.length) return null;
	const at = new Map(sent.at.map(([id, x, y]) => [id, { x, y }]));
	if (at.size !== boxes.length || boxes.some((b) => !at.has(b.id))) return null;
	if (
		sent.key !==
		arrangementKey(
			boxes.map((b) => b.id),
			shownEdges
		)
	)
		return null;
	// At most ARRANGE_ON_PAGE_MAX boxes: every pair.
	for (let i = 0; i < boxes.length; i++)
		for (let j = i + 1; j < boxes.length; j++) {
			const a = boxes[i];
			const b = boxes[j];
			const p = at.get(a.id)!;
			const q = at.get(b.id)!;
			if (Math.abs(p.x - q.x) < (a.w + b.w) / 2 && Math.abs(p.y - q.y) < (a.h + b.h) / 2)
				return null;
		}
	return at;
}
