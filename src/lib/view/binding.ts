/**
 * Keeps a cytoscape graph in step with a map's Y.Doc. The document is the only source of truth:
 * the binding reads it (validated, through `readMap`), diffs the elements it needs against what it
 * last applied to cytoscape, and patches cytoscape. Nothing is ever read back from cytoscape into the
 * document except node positions at the end of a drag or a layout, which are local gestures.
 *
 * Echo rule (like y-codemirror's `tr.origin !== this.conf`): every write the binding makes goes
 * through the editor's one write path (`DocWriter`, one transaction with its origin). When the
 * binding writes positions that cytoscape already shows (drag end, layout, placement), it sets
 * `quiet` for the duration of the write and the observer ignores that transaction. All other
 * writes, even with this origin, are rendered through the normal path.
 */
import type cytoscape from 'cytoscape';
import type * as Y from 'yjs';
import {
	getEdgesMap,
	getMetaMap,
	getNodesMap,
	getSentencesArray,
	setPositions
} from '$lib/model/doc';
import type { Relation } from '$lib/model/schema';
import { readMap, type MapView } from '$lib/model/read';
import { DocWriter } from './doc-writer';
import {
	buildElements,
	type BoxMemo,
	type ElementDef,
	type ViewProblem
} from '$lib/drawing/elements';
import { diffElements, isEmptyPatch, positionMoves, samePoint } from './diff';
import { derivedPositions, type Point } from '$lib/drawing/geometry';
import { estimateWidth, type Measure } from '$lib/drawing/label';
import { FrameTask } from './frame';
import { DEFAULT_ASPECT } from '$lib/drawing/layout-rules';
import {
	mergeLayout,
	provisionalGrid,
	structureKey,
	type LayoutJob,
	type LayoutPurpose,
	type LayoutSnapshot
} from '$lib/drawing/layout-merge';
import { LayoutRunner } from './layout-runner';

export interface Rendered {
	view: MapView;
	viewProblems: ViewProblem[];
	/** Elements currently drawn, by role. */
	counts: { nodes: number; edges: number };
	/**
	 * Every element of `view` is in cytoscape. False while a large addition is still being added
	 * over several frames (`ADD_CHUNK`); the render that completes it is reported again with true.
	 */
	complete: boolean;
	/**
	 * The elements asked to go first (`BindingOptions.firstShown`: a large map's first view) are in
	 * cytoscape, though the rest may still be waiting. True whenever `complete` is.
	 */
	firstViewIn: boolean;
}

/** The map's nodes (with their drawn boxes) and edges as last rendered, waiting ones included. */
export interface DrawnGraph {
	nodes: Array<{ id: string; w: number; h: number }>;
	edges: Array<{ id: string; from: string; to: string; relation: Relation; group?: string }>;
}

export interface BindingOptions {
	measure?: Measure;
	/** Called after every render with what was drawn. */
	onRender?: (r: Rendered) => void;
	/** Whether the document has received the server's state: until then, nothing is laid out. */
	isSynced?: () => boolean;
	/** Where a node with no position and no placed neighbour goes (model coordinates). */
	fallbackPoint?: () => Point;
	/** The editor's guarded write path (by default an unguarded one over the document). */
	writer?: DocWriter;
	/** Where layouts run (by default a runner of its own: a worker where the page has one). */
	layout?: LayoutRunner;
	/** Called when layouts start running (true) and when none is left (false). */
	onLayoutBusy?: (busy: boolean) => void;
	/**
	 * Elements added over several frames start with `foldHidden` set (drawn nowhere): the editor's
	 * fold view shows what is in view once the map is complete. Without it they are shown as added.
	 */
	addHidden?: boolean;
	/**
	 * Asked when a render starts adding a large map over several frames, every node of which has a
	 * position: the map nodes its first view shows (a map folded to its main lines), or null. Those
	 * nodes, and the junctions, middles and edges between them, go into cytoscape first, in that
	 * render, whatever their number; the render reports `firstViewIn`, and the rest waits until
	 * `addRest()` (the first view drawn), then follows over the next frames (hidden, with
	 * `addHidden`). Nodes folded away are then never styled before the first view is drawn, nor
	 * do their frames stand between its arrangement and its drawing (at 2,000 nodes cytoscape's
	 * style pass over every element was the largest part of opening the map).
	 */
	firstShown?: (graph: DrawnGraph) => ReadonlySet<string> | null;
}

/**
 * A render that adds more elements than this adds them over several frames: cytoscape computes the
 * style of what was added in its next frame, and the style of a whole large map (a 1,000-node map
 * has some 2,200 elements) in one frame was a task of several hundred ms. The first part is this
 * many; each next part is sized from the last frame's length (its adding and cytoscape styling it)
 * to aim at `ADD_FRAME_MS`, at most doubling and at most `ADD_MAX`, and adding stops for the frame
 * after `ADD_BUDGET_MS`. Until the last part is in, the render is not `complete`: no layout, folds
 * or first view are worked out from a part of the map.
 */
export const ADD_CHUNK = 300;
/** The frame length a part aims at: under a long task's 100 ms with room, in as few frames as may be. */
export const ADD_FRAME_MS = 50;
/** Most elements added in one frame. */
export const ADD_MAX = 1500;
/** Adding stops for the frame once it has taken this long (a busy machine adds fewer a frame). */
export const ADD_BUDGET_MS = 20;

/**
 * A placement (positions derived for nodes without one, e.g. a whole map's first layout) is written
 * in parts of at most this many nodes, one part a frame: one write of 1,000 positions (Yjs'
 * transaction, the provider encoding it, the nodes moved in cytoscape) was the longest task left
 * while a large map was laid out. Each part writes only nodes still without a stored position, as
 * `mergeLayout` decides for the whole. An Auto layout (a gesture, one undo step) stays one write.
 */
export const PLACE_CHUNK = 250;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** An element waiting to be added, and where it goes when its turn comes. */
interface Queued {
	def: ElementDef;
	at: Point;
}

const mark = (name: string) => {
	if (typeof performance !== 'undefined') performance.mark(name);
};

/** How often an Auto layout is laid out again because the map changed while it ran. */
export const LAYOUT_RETRIES = 2;

/** The map's nodes and edges and stored positions, for taking a layout's result back (layout-job.ts). */
export function snapshotOf(view: MapView): LayoutSnapshot {
	const stored = new Map<string, Point | undefined>();
	for (const n of view.nodes)
		stored.set(n.id, n.x === undefined || n.y === undefined ? undefined : { x: n.x, y: n.y });
	return {
		structure: structureKey(
			view.nodes.map((n) => n.id),
			view.edges
		),
		stored
	};
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The map nodes and map edges among `elements` (see `DrawnGraph`). */
function graphOf(elements: readonly ElementDef[]): DrawnGraph {
	const graph: DrawnGraph = { nodes: [], edges: [] };
	for (const { data } of elements) {
		if (data.role === 'node') graph.nodes.push({ id: data.id, w: data.w, h: data.h });
		else if (data.role === 'edge') {
			const e: DrawnGraph['edges'][number] = {
				id: data.id,
				from: data.source,
				to: data.to,
				relation: data.relation
			};
			if (data.group !== undefined) e.group = data.group;
			graph.edges.push(e);
		}
	}
	return graph;
}

export class MapBinding {
	private applied = new Map<string, ElementDef>();
	private readonly frame = new FrameTask(() => this.render());
	private readonly derivedFrame = new FrameTask(() => this.updateDerived());
	/** Elements of the document not yet in cytoscape, in the order they are added (ADD_CHUNK). */
	private readonly queued = new Map<string, Queued>();
	private readonly addFrame = new FrameTask(() => this.addQueued());
	private lastElements: ElementDef[] = [];
	/** How many elements the next part adds, and when the last part was added (0: none yet). */
	private partSize = ADD_CHUNK;
	private lastPartAt = 0;
	/** Queued elements of the first view (`firstShown`) not added yet; null: none were asked for. */
	private firstLeft: number | null = null;
	/** The rest of a large map waits behind its first view until `addRest()`. */
	private restHeld = false;
	private completeWaiters: Array<() => void> = [];
	private readonly writer: DocWriter;
	private quiet = false;
	private destroyed = false;
	private dragged = new Set<string>();
	private readonly measure: Measure;
	/** Every label is wrapped and measured once, not at every render (`BoxMemo`). */
	private readonly boxes: BoxMemo = new Map();
	private readonly teardown: Array<() => void> = [];
	private last: Rendered | null = null;
	/**
	 * View-local positions of the nodes in view while this person has folded branches
	 * (`fold-view.ts`), or null: the document's positions. Never written to the document; while it
	 * is set, drags write nothing (the editor makes nodes ungrabbable).
	 */
	private arranged: ReadonlyMap<string, Point> | null = null;
	private readonly runner: LayoutRunner;
	/** Layout jobs sent and not yet taken back (placement and Auto layout). */
	private jobs = 0;
	/** A placement (or the first layout) of nodes without positions is running. */
	private placing = false;
	/** An Auto layout is running: another press of the button is ignored until it is back. */
	private gestureRunning = false;
	private idleWaiters: Array<() => void> = [];
	/** Transactions that changed the map so far (the binding's own quiet ones included). */
	private changes = 0;
	/** `changes` when the last render read the document: its view is current while they agree. */
	private readAt = -1;

	constructor(
		private readonly doc: Y.Doc,
		private readonly cy: cytoscape.Core,
		private readonly opts: BindingOptions = {}
	) {
		this.measure = opts.measure ?? estimateWidth;
		this.writer = opts.writer ?? new DocWriter(doc);
		this.runner = opts.layout ?? new LayoutRunner();
		const observer = (_events: unknown, tr: Y.Transaction) => {
			this.changes++;
			if (this.quiet && (tr.origin === this.origin || tr.origin === this.writer.placeOrigin))
				return;
			this.schedule();
		};
		const shallow = (_e: unknown, tr: Y.Transaction) => observer([], tr);
		const nodes = getNodesMap(doc);
		const edges = getEdgesMap(doc);
		const meta = getMetaMap(doc);
		const sentences = getSentencesArray(doc);
		nodes.observeDeep(observer);
		edges.observeDeep(observer);
		meta.observe(shallow);
		sentences.observe(shallow);
		this.teardown.push(
			() => nodes.unobserveDeep(observer),
			() => edges.unobserveDeep(observer),
			() => meta.unobserve(shallow),
			() => sentences.unobserve(shallow)
		);
		this.listen('position', 'node.node', () => this.scheduleDerived());
		this.listen('dragfree', 'node.node', (e) =>
			this.onDragFree(e.target as cytoscape.NodeSingular)
		);
	}

	private listen(events: string, selector: string, handler: cytoscape.EventHandler): void {
		this.cy.on(events, selector, handler);
		this.teardown.push(() => this.cy.removeListener(events, selector, handler));
	}

	/** The origin of every transaction this binding (and the editor's gestures) writes. */
	get origin(): unknown {
		return this.writer.origin;
	}

	/** Renders at the next animation frame; many changes in one frame cost one render. */
	schedule(): void {
		if (!this.destroyed) this.frame.schedule();
	}

	get rendered(): Rendered | null {
		return this.last;
	}

	/**
	 * Reads the document and patches cytoscape to match. Safe to call at any time. A large addition
	 * goes in over the next frames (see `ADD_CHUNK`); the result says whether it is `complete`.
	 */
	render(): Rendered {
		// This render covers whatever was scheduled for the next frame.
		this.frame.cancel();
		const view = readMap(this.doc);
		this.readAt = this.changes;
		// Boxes of labels no longer on the map go now and then (kept within about twice the map).
		if (this.boxes.size > 2 * view.nodes.length + 1000) this.boxes.clear();
		const { elements, problems } = buildElements(view, this.measure, this.boxes);
		const shown = this.shownPositions(elements);
		const patch = diffElements(this.applied, elements);
		const cy = this.cy;
		const queued = this.queued;
		const pos = (id: string): Point | undefined => {
			const n = cy.getElementById(id);
			return n.nonempty() ? { ...n.position() } : undefined;
		};
		// Once anything waits, everything added after it waits behind it (its ends may be queued).
		const queue = queued.size > 0 || patch.add.length > ADD_CHUNK;
		/** This render starts adding a large map: its first view may go first (`firstShown`). */
		const starting = queued.size === 0 && patch.add.length > ADD_CHUNK;
		cy.batch(() => {
			if (!isEmptyPatch(patch)) {
				for (const id of patch.remove) {
					queued.delete(id);
					cy.getElementById(id).remove();
				}
				for (const def of patch.update) {
					const waiting = queued.get(def.data.id);
					if (waiting) {
						waiting.def = def;
						continue;
					}
					const el = cy.getElementById(def.data.id);
					if (el.empty()) patch.add.push(def);
					else {
						el.data(def.data);
						el.classes(def.classes);
					}
				}
				// Nodes without a position yet wait for their layout (a worker) on a provisional grid.
				const unplaced: Array<{ id: string; w: number; h: number }> = [];
				const adds: ElementDef[] = [];
				for (const def of patch.add) {
					if (cy.getElementById(def.data.id).nonempty() || queued.has(def.data.id)) continue;
					if (def.data.role === 'node' && !def.position && !shown.has(def.data.id)) {
						const d = def.data as { id: string; w: number; h: number };
						unplaced.push({ id: d.id, w: d.w, h: d.h });
					}
					adds.push(def);
				}
				const grid = provisionalGrid(unplaced, this.opts.fallbackPoint?.() ?? { x: 0, y: 0 });
				// A map still to be laid out shows no first view before its layout: all of it waits.
				const first = starting && unplaced.length === 0 ? this.firstPart(elements) : null;
				let ordered = adds;
				if (first) {
					ordered = adds.filter((d) => first.has(d.data.id));
					this.firstLeft = ordered.length;
					this.restHeld = true;
					for (const d of adds) if (!first.has(d.data.id)) ordered.push(d);
				}
				for (const def of ordered) {
					const id = def.data.id;
					const at = shown.get(id) ?? def.position ?? grid.get(id) ?? { x: 0, y: 0 };
					if (queue) queued.set(id, { def, at });
					else cy.add(this.cyElement(def, at, false));
				}
				this.applied = new Map(elements.map((d) => [d.data.id, d]));
			}
			for (const move of positionMoves(this.withShown(elements, shown), pos)) {
				const waiting = queued.get(move.id);
				if (waiting) {
					waiting.at = move.position;
					continue;
				}
				const n = cy.getElementById(move.id);
				// Never pull a node out from under the local user's pointer.
				if (n.nonempty() && !n.grabbed()) n.position(move.position);
			}
		});
		let nodes = 0;
		for (const d of elements) if (d.data.role === 'node') nodes++;
		this.lastElements = elements;
		this.last = {
			view,
			viewProblems: problems,
			counts: { nodes, edges: view.edges.length - problems.length },
			complete: queued.size === 0,
			firstViewIn: false
		};
		// The first part goes in now, the rest over the next frames.
		if (queued.size > 0) this.addQueued(false);
		if (queued.size === 0) this.completed();
		else {
			this.last = { ...this.last, firstViewIn: this.firstLeft === 0 };
			this.opts.onRender?.(this.last);
		}
		return this.last;
	}

	/**
	 * The first view is drawn: the rest of the map, held since (`firstShown`), is added over the
	 * next frames. Does nothing when nothing is held.
	 */
	addRest(): void {
		if (!this.restHeld) return;
		this.restHeld = false;
		// Parts are sized afresh: the wait is no frame to size them from.
		this.partSize = ADD_CHUNK;
		this.lastPartAt = 0;
		if (this.queued.size > 0) this.addFrame.schedule();
	}

	/** The map's nodes and edges as last rendered (see `DrawnGraph`), waiting ones included. */
	graph(): DrawnGraph {
		if (this.graphMemo?.of !== this.lastElements)
			this.graphMemo = { of: this.lastElements, graph: graphOf(this.lastElements) };
		return this.graphMemo.graph;
	}
	private graphMemo: { of: ElementDef[]; graph: DrawnGraph } | null = null;

	/**
	 * The ids of the elements a large map's first view needs (`firstShown`), or null: the map nodes
	 * asked for, the junctions of their conclusions, and every edge (and edge middle) whose ends are
	 * among them, so that no edge is added before its ends.
	 */
	private firstPart(elements: readonly ElementDef[]): Set<string> | null {
		const shown = this.opts.firstShown?.(graphOf(elements));
		if (!shown || shown.size === 0) return null;
		const ids = new Set<string>();
		for (const d of elements)
			if (
				(d.data.role === 'node' && shown.has(d.data.id)) ||
				(d.data.role === 'junction' && shown.has(d.data.target))
			)
				ids.add(d.data.id);
		// To a fixed point: an undercut ends on the middle of an edge that must be in first.
		for (let grew = true; grew;) {
			grew = false;
			for (const d of elements) {
				const data = d.data;
				if (ids.has(data.id)) continue;
				const take =
					data.role === 'mid'
						? ids.has(data.edge)
						: (data.role === 'edge' || data.role === 'jout') &&
							ids.has(data.source) &&
							ids.has(data.target);
				if (take) {
					ids.add(data.id);
					grew = true;
				}
			}
		}
		return ids;
	}

	/** A cytoscape element for `def` at `at`; `waited`: added from the queue (see `addHidden`). */
	private cyElement(def: ElementDef, at: Point, waited: boolean): cytoscape.ElementDefinition {
		const data: Record<string, unknown> = { ...def.data };
		if (waited && this.opts.addHidden && def.group === 'nodes') data.foldHidden = true;
		return {
			group: def.group,
			data: data as cytoscape.ElementDataDefinition,
			classes: def.classes,
			position: { ...at },
			grabbable: def.data.role === 'node',
			selectable: def.data.role === 'node' || def.data.role === 'edge'
		};
	}

	/**
	 * Adds the next part of the queue (see `ADD_CHUNK`); once it is empty, the
	 * render is complete. `finish`: report completion here (false when `render` does it).
	 */
	private addQueued(finish = true): void {
		if (this.destroyed || (this.restHeld && this.firstLeft === 0)) return;
		const cy = this.cy;
		const started = performance.now();
		if (this.lastPartAt > 0) {
			// The last frame (that part added, then styled by cytoscape) sizes this one.
			const frame = Math.max(1, started - this.lastPartAt);
			const scale = Math.min(2, ADD_FRAME_MS / frame);
			this.partSize = Math.round(Math.min(ADD_MAX, Math.max(ADD_CHUNK / 3, this.partSize * scale)));
		}
		this.lastPartAt = started;
		let added = 0;
		// The first view's elements (`firstShown`) go in together, and alone: its frame draws them.
		const first = this.firstLeft ?? 0;
		cy.batch(() => {
			for (const [id, q] of this.queued) {
				if (first > 0 ? added >= first : added >= this.partSize) break;
				if (first === 0 && added > 0 && performance.now() - started > ADD_BUDGET_MS) break;
				this.queued.delete(id);
				// Drawn where the arrangement has it now, else where it was queued (or since moved).
				cy.add(this.cyElement(q.def, this.arranged?.get(id) ?? q.at, true));
				added++;
			}
		});
		if (this.firstLeft !== null) this.firstLeft = Math.max(0, this.firstLeft - added);
		if (this.queued.size > 0) {
			if (!this.restHeld) this.addFrame.schedule();
		} else if (finish) this.completed();
	}

	/** Every element is in cytoscape: place, derive and report the render as complete. */
	private completed(): void {
		const last = this.last;
		if (!last) return;
		this.addFrame.cancel();
		this.partSize = ADD_CHUNK;
		this.lastPartAt = 0;
		this.firstLeft = null;
		this.restHeld = false;
		this.placeUnpositioned(this.lastElements, last.view);
		this.updateDerived();
		this.last = { ...last, complete: true, firstViewIn: true };
		this.opts.onRender?.(this.last);
		for (const done of this.completeWaiters.splice(0)) done();
	}

	/** Resolves once every element of the document as last rendered is in cytoscape. */
	whenComplete(): Promise<void> {
		if (this.queued.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.completeWaiters.push(resolve));
	}

	/** Where each node is drawn instead of its stored position (the arrangement), by id. */
	private shownPositions(elements: readonly ElementDef[]): Map<string, Point> {
		const out = new Map<string, Point>();
		if (!this.arranged) return out;
		for (const d of elements) {
			const p = d.data.role === 'node' ? this.arranged.get(d.data.id) : undefined;
			if (p) out.set(d.data.id, p);
		}
		return out;
	}

	private withShown(elements: readonly ElementDef[], shown: Map<string, Point>): ElementDef[] {
		if (shown.size === 0) return elements as ElementDef[];
		return elements.map((d) => {
			const p = shown.get(d.data.id);
			return p ? { ...d, position: p } : d;
		});
	}

	/**
	 * Draws the nodes in `positions` there instead of at their stored positions (null: every node at
	 * its stored position again). A view of this person's only; nothing is written.
	 */
	setArrangement(positions: ReadonlyMap<string, Point> | null): void {
		this.arranged = positions && positions.size > 0 ? positions : null;
		const cy = this.cy;
		cy.batch(() => {
			for (const def of this.applied.values()) {
				if (def.data.role !== 'node') continue;
				const p = this.arranged?.get(def.data.id) ?? def.position;
				const n = cy.getElementById(def.data.id);
				if (p && n.nonempty() && !samePoint(n.position(), p)) n.position({ ...p });
			}
		});
		this.updateDerived();
	}

	/** Whether nodes are drawn at view-local positions (see `setArrangement`). */
	get isArranged(): boolean {
		return this.arranged !== null;
	}

	/**
	 * Nodes without a stored position get one, written to the document so every peer agrees: a full
	 * layout when no node has a position, otherwise a spot beside their neighbours. Both run in the
	 * layout worker; meanwhile the nodes sit on a provisional grid, and the result is merged into
	 * the document as it is when it comes back (`mergeLayout`). Waits for sync, so that a
	 * half-loaded document is never laid out, and for a placement already running: the render after
	 * its result places whatever is still missing.
	 */
	private placeUnpositioned(elements: ElementDef[], view: MapView): void {
		if (this.opts.isSynced && !this.opts.isSynced()) return;
		if (this.placing) return;
		const missing = view.nodes.filter((n) => n.x === undefined || n.y === undefined);
		if (missing.length === 0) return;
		let job: LayoutJob;
		if (missing.length === view.nodes.length) job = this.layoutJob();
		else {
			const boxes = elements
				.filter((d) => d.data.role === 'node')
				.map((d) => {
					const data = d.data as { id: string; w: number; h: number };
					return { id: data.id, w: data.w, h: data.h, position: d.position };
				});
			const fallback = this.opts.fallbackPoint?.() ?? { x: 0, y: 0 };
			job = { kind: 'place', boxes, edges: view.edges, fallback };
		}
		void this.runJob('place', job, snapshotOf(view), 0);
	}

	/**
	 * Runs one layout job and writes what `mergeLayout` keeps of it: derived positions (`place`) or
	 * one gesture (Auto layout, refused for a viewer). True when something was written.
	 */
	private async runJob(
		purpose: LayoutPurpose,
		job: LayoutJob,
		requested: LayoutSnapshot,
		retries: number
	): Promise<boolean> {
		this.jobs++;
		if (purpose === 'place') this.placing = true;
		/** Nodes still without a position once this result is in (added while it ran). */
		let leftOver = false;
		if (this.jobs === 1) this.opts.onLayoutBusy?.(true);
		try {
			// Marks for the long-task benchmark (bench/layout-worker.bench.ts): the layout's span.
			mark('warrant:layout-sent');
			const result = await this.runner.run(job);
			mark('warrant:layout-back');
			if (this.destroyed) return false;
			// The map as it is now: the last render's reading when nothing changed since (a large
			// map's readMap is most of the task that takes the result back).
			const current =
				this.last && this.readAt === this.changes ? this.last.view : readMap(this.doc);
			const now = snapshotOf(current);
			const merged = mergeLayout(purpose, requested, now, result, retries);
			for (const [id, p] of now.stored) if (!p && !result.has(id)) leftOver = true;
			if (merged.action === 'recompute') {
				// Lay out the map as it is now: cytoscape first shows it (render), then its layout.
				const fresh = this.render();
				await this.whenComplete();
				if (this.destroyed) return false;
				return await this.runJob(purpose, this.layoutJob(), snapshotOf(fresh.view), retries - 1);
			}
			if (merged.positions.size === 0) return false;
			if (purpose === 'place') return await this.placeInParts(merged.positions);
			return this.writeShownPositions(merged.positions, 'gesture');
		} catch (e) {
			console.error(e);
			return false;
		} finally {
			if (purpose === 'place') this.placing = false;
			this.jobs--;
			if (!this.destroyed) {
				// Nodes added while it ran, and not in its result, are placed by the next render.
				if (leftOver) this.schedule();
				if (this.jobs === 0) {
					this.opts.onLayoutBusy?.(false);
					for (const done of this.idleWaiters.splice(0)) done();
				}
			}
		}
	}

	/**
	 * Writes a placement in parts of `PLACE_CHUNK` nodes, one part a frame (see there). Nodes placed
	 * by someone else, or deleted, before their part is written are left as they are then.
	 */
	private async placeInParts(positions: Map<string, Point>): Promise<boolean> {
		const ids = [...positions.keys()];
		const nodes = getNodesMap(this.doc);
		const unplaced = (id: string) => {
			const n = nodes.get(id);
			return Boolean(n) && !(Number.isFinite(n!.get('x')) && Number.isFinite(n!.get('y')));
		};
		let wrote = false;
		for (let i = 0; i < ids.length; i += PLACE_CHUNK) {
			if (i > 0) {
				await nextFrame();
				if (this.destroyed) return wrote;
			}
			const part = new Map<string, Point>();
			for (const id of ids.slice(i, i + PLACE_CHUNK))
				if (unplaced(id)) part.set(id, positions.get(id)!);
			if (this.writeShownPositions(part, 'place')) wrote = true;
		}
		return wrote;
	}

	/** Resolves when no layout job is running (at once if none is). */
	whenIdle(): Promise<void> {
		if (this.jobs === 0) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Whether a layout job is running. */
	get layingOut(): boolean {
		return this.jobs > 0;
	}

	/** Whether layouts go to the worker (false before the first one, and on the page's fallback). */
	get layoutInWorker(): boolean {
		return this.runner.inWorker;
	}

	/**
	 * Moves nodes in cytoscape and stores the same positions in one quiet transaction: a gesture
	 * (drag, layout; refused for a viewer) or positions derived for unpositioned nodes (`place`).
	 */
	private writeShownPositions(positions: Map<string, Point>, kind: 'gesture' | 'place'): boolean {
		if (positions.size === 0) return false;
		if (kind === 'gesture' && !this.writer.mayWrite()) return false;
		const rounded = new Map<string, Point>();
		this.cy.batch(() => {
			for (const [id, p] of positions) {
				const q = { x: round(p.x), y: round(p.y) };
				rounded.set(id, q);
				this.cy.getElementById(id).position(q);
				const waiting = this.queued.get(id);
				if (waiting) waiting.at = q;
				// What is stored now: `setArrangement(null)` puts nodes back here.
				const def = this.applied.get(id);
				if (def) this.applied.set(id, { ...def, position: q });
			}
		});
		this.quiet = true;
		try {
			const write = (doc: Y.Doc, origin: unknown) => setPositions(doc, rounded, origin);
			if (kind === 'place') this.writer.place(write);
			else this.writer.write(write);
		} finally {
			this.quiet = false;
		}
		// The stored positions changed under an arrangement: the nodes in view stay where it has them.
		if (this.arranged) this.setArrangement(this.arranged);
		else this.updateDerived();
		return true;
	}

	/**
	 * Re-runs the layout on every map node (in the worker) and stores all positions as one
	 * transaction, one undo step. Nodes moved while it ran stay where they were moved; if nodes or
	 * edges came or went meanwhile, the map is laid out again as it is then (`LAYOUT_RETRIES`).
	 * Resolves true when positions were written; false when refused, already running, or gone.
	 */
	async autoLayout(): Promise<boolean> {
		if (!this.writer.mayWrite() || this.gestureRunning || this.destroyed) return false;
		this.gestureRunning = true;
		try {
			const r = this.render();
			await this.whenComplete();
			if (this.destroyed) return false;
			return await this.runJob('gesture', this.layoutJob(), snapshotOf(r.view), LAYOUT_RETRIES);
		} finally {
			this.gestureRunning = false;
		}
	}

	/** The layout of every drawn map node (sizes as drawn, model coordinates), as a job. */
	private layoutJob(): LayoutJob {
		const cy = this.cy;
		const boxes = cy
			.nodes('.node')
			.map((n) => ({ id: n.id(), w: Number(n.data('w')), h: Number(n.data('h')) }));
		// The drawn map edges (an edge cytoscape cannot draw is not laid out either).
		const edges = cy.edges('[role = "edge"]').map((e) => ({
			id: e.id(),
			from: e.source().id(),
			to: String(e.data('to')),
			relation: e.data('relation') as Relation,
			group: e.data('group') as string | undefined
		}));
		const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : DEFAULT_ASPECT;
		return { kind: 'layout', boxes, edges, options: { aspect } };
	}

	private onDragFree(node: cytoscape.NodeSingular): void {
		// Arranged positions are this person's view only: a drag there must not move anyone's map.
		if (this.arranged) return;
		// Dragging a selection frees every node in it: gather them and write once.
		if (this.dragged.size === 0) queueMicrotask(() => this.flushDrag());
		this.dragged.add(node.id());
	}

	private flushDrag(): void {
		if (this.destroyed) return;
		const positions = new Map<string, Point>();
		for (const id of this.dragged) {
			const n = this.cy.getElementById(id);
			if (n.nonempty()) positions.set(id, { ...n.position() });
		}
		this.dragged.clear();
		this.writeShownPositions(positions, 'gesture');
	}

	private scheduleDerived(): void {
		if (!this.destroyed) this.derivedFrame.schedule();
	}

	/** Puts junctions and edge midpoints where the current node positions say they belong. */
	private updateDerived(): void {
		const cy = this.cy;
		// A node folded away (fold-view.ts) does not pull a junction or an edge middle towards it.
		const derived = derivedPositions([...this.applied.values()], (id) => {
			const n = cy.getElementById(id);
			return n.nonempty() && !n.data('foldHidden') ? n.position() : undefined;
		});
		cy.batch(() => {
			for (const [id, p] of derived) {
				const n = cy.getElementById(id);
				if (n.nonempty() && !samePoint(n.position(), p)) n.position(p);
			}
		});
	}

	destroy(): void {
		this.destroyed = true;
		this.runner.destroy();
		this.idleWaiters = [];
		this.frame.cancel();
		this.derivedFrame.cancel();
		this.addFrame.cancel();
		this.queued.clear();
		this.completeWaiters = [];
		for (const off of this.teardown.splice(0)) off();
		this.applied.clear();
	}
}
