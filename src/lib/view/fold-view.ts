/**
 * This person's folded branches (rules in `$lib/drawing/fold.ts`): which nodes are folded, kept per
 * map in this browser's localStorage (never in the document, so nobody else's view changes), what
 * that hides, the badges that say how much each fold hides, and the arrangement of what is left.
 *
 * While anything is hidden, the nodes in view are laid out afresh for this person alone
 * (`layoutMap` over the visible part, shaped like the pane, in the layout worker: `LayoutRunner`)
 * and drawn there through the binding's arrangement: a map folded to its main lines then reads on
 * one screen instead of leaving a few nodes scattered where their branches used to be. Nothing of
 * it is written; with no fold, every node is back at its stored position. An arrangement that
 * comes back after the folds or the map changed again is dropped: only the latest one is drawn.
 *
 * Teardown invariant: the listeners and the frame started in the constructor end in `destroy()`.
 *
 * Hidden elements carry `foldHidden` in their data (style: `display: none`; cytoscape then hides
 * their edges), folded nodes `folds` (how many they hide): data, because the binding replaces
 * classes on update but merges data.
 */
import type cytoscape from 'cytoscape';
import {
	canFold,
	conclusionsOf,
	defaultFolds,
	foldCounts,
	foldsAbove,
	hiddenByFolds,
	FOLD_DEFAULT_MIN_NODES
} from '$lib/drawing/fold';
import type { Point } from '$lib/drawing/geometry';
import {
	ARRANGE_ON_PAGE_MAX,
	ARRANGE_UNTANGLE_MAX,
	arrangementJob,
	usableArrangement,
	type FirstArrangement
} from '$lib/drawing/fold-arrangement';
import { DEFAULT_ASPECT, type LayoutEdge } from '$lib/drawing/layout-rules';
import type { DrawnGraph, MapBinding } from './binding';
import { FrameTask } from './frame';
import { LayoutRunner } from './layout-runner';
import { layoutEngineNow, loadLayoutEngine, type RunLayoutJob } from './layout-engine';
import { renderedBox } from './rendered-box';

/** A fold's badge in container pixels (bottom right of its node). */
export interface FoldBadge {
	id: string;
	count: number;
	x: number;
	y: number;
}

export interface FoldSummary {
	/** Folded nodes in view, each with how many nodes it hides. */
	badges: FoldBadge[];
	/** Nodes hidden in all. */
	hidden: number;
	/** Whether the map can be folded to its main lines (it has any branch under them). */
	hasMainLines: boolean;
}

/** Style rules for folding (part of the stylesheet cytoscape starts with). */
export function foldStyle(): cytoscape.StylesheetJson {
	return [
		{ selector: 'node[?foldHidden]', style: { display: 'none' } },
		// A folded node is drawn with a thicker border; its badge (an HTML button) says how much it hides.
		{ selector: 'node.node[folds > 0]', style: { 'border-width': 4 } }
	];
}

export const EMPTY_FOLDS: FoldSummary = { badges: [], hidden: 0, hasMainLines: false };

/**
 * Arrangements of at most this many nodes are laid out on the page, at once: a map folded to its
 * main lines at open (the essay map shows 12) takes a few ms there and its first frame is drawn
 * arranged, where the worker's start (its script fetched and compiled) and a second frame stood
 * between opening the map and its first view. The engine for it (`layout-engine.ts`) is loaded
 * while the map opens when it will open folded (`opensFolded`) and the page brought no arrangement
 * of its own (the server's of the default folds, `$lib/drawing/fold-arrangement.ts`); otherwise on
 * first need, and the arrangement waits for it. (Both limits live in fold-arrangement.ts, which the
 * server shares.)
 */
export { ARRANGE_ON_PAGE_MAX, ARRANGE_UNTANGLE_MAX };

/** Where this person's folds of a map are kept. */
export const foldKey = (mapId: string): string => `warrant:folds:${mapId}`;

/** Most folded ids kept for one map (a hostile or broken entry is cut to this). */
const MAX_STORED = 5000;

/** The stored folds of a map, or null when there are none (or they are unreadable). */
export function readStoredFolds(mapId: string): string[] | null {
	try {
		const raw = localStorage.getItem(foldKey(mapId));
		if (raw === null) return null;
		const v: unknown = JSON.parse(raw);
		if (!Array.isArray(v)) return null;
		return v
			.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200)
			.slice(0, MAX_STORED);
	} catch {
		return null;
	}
}

function storeFolds(mapId: string, ids: readonly string[]): void {
	try {
		localStorage.setItem(foldKey(mapId), JSON.stringify(ids.slice(0, MAX_STORED)));
	} catch {
		// Storage full or disabled: folding still works for this page.
	}
}

/**
 * Whether a map of `nodeCount` nodes opens folded for this browser: it has folds stored for the
 * map, or none stored and enough nodes for the default folds (`defaultFolds` may still find no
 * branch to fold: then the engine preloaded for it was not needed).
 */
export function opensFolded(mapId: string, nodeCount: number): boolean {
	const stored = readStoredFolds(mapId);
	return stored ? stored.length > 0 : nodeCount > FOLD_DEFAULT_MIN_NODES;
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
	a.size === b.size && [...a].every((x) => b.has(x));

export class FoldView {
	private folded = new Set<string>();
	private hidden = new Set<string>();
	private counts = new Map<string, number>();
	private started = false;
	private arrangementKey = '';
	/** The arrangement for `arrangementKey` is being laid out. */
	private arranging = false;
	private readonly runner: LayoutRunner;
	private idleWaiters: Array<() => void> = [];
	private destroyed = false;
	private last: FoldSummary = EMPTY_FOLDS;
	/** The server's arrangement for the first view, until the first arrangement has looked at it. */
	private sent: FirstArrangement | null;
	/** Whether the first arrangement drawn was the server's (for tests). */
	usedSent = false;
	/** Badges follow their nodes: re-placed once per frame while the view moves. */
	private readonly badgeFrame = new FrameTask(() => {
		if (this.counts.size === 0) return;
		this.last = { ...this.last, badges: this.badges() };
		this.onChange(this.last, false);
	});
	private readonly onMove = () => this.badgeFrame.schedule();

	constructor(
		private readonly cy: cytoscape.Core,
		private readonly binding: MapBinding,
		private readonly mapId: string,
		/** `repainted`: which nodes are hidden may have changed (false: only the badges moved). */
		private readonly onChange: (s: FoldSummary, repainted: boolean) => void,
		opts: { runner?: LayoutRunner; sent?: FirstArrangement | null } = {}
	) {
		this.runner = opts.runner ?? new LayoutRunner();
		this.sent = opts.sent ?? null;
		cy.on('viewport', this.onMove);
		cy.on('position', 'node.node', this.onMove);
	}

	destroy(): void {
		this.destroyed = true;
		this.runner.destroy();
		this.idleWaiters = [];
		this.badgeFrame.cancel();
		this.cy.removeListener('viewport', this.onMove);
		this.cy.removeListener('position', 'node.node', this.onMove);
	}

	/**
	 * The whole map as last rendered, from the binding rather than cytoscape: a large map's first
	 * view is drawn (and folded) before the nodes it folds away are in cytoscape.
	 */
	private graph(): { ids: string[]; edges: LayoutEdge[]; boxes: DrawnGraph['nodes'] } {
		const g = this.binding.graph();
		return { ids: g.nodes.map((n) => n.id), edges: g.edges, boxes: g.nodes };
	}

	/**
	 * The map nodes a map opening folded shows first (`BindingOptions.firstShown`): with this
	 * person's stored folds, or the map's default ones, what `update` will show. Null once the
	 * folds are started, or when nothing would be hidden.
	 */
	firstShown(graph: DrawnGraph): Set<string> | null {
		if (this.started) return null;
		const ids = graph.nodes.map((n) => n.id);
		const folded = readStoredFolds(this.mapId) ?? defaultFolds(ids, graph.edges);
		const hidden = hiddenByFolds(ids, graph.edges, new Set(folded));
		if (hidden.size === 0) return null;
		return new Set(ids.filter((id) => !hidden.has(id)));
	}

	/**
	 * Called after every render of the map. The first call (once the map is synced) takes this
	 * person's stored folds, or the map's default ones (its main lines) when they have none.
	 */
	update(): void {
		const { ids, edges, boxes } = this.graph();
		if (!this.started) {
			this.started = true;
			this.folded = new Set(readStoredFolds(this.mapId) ?? defaultFolds(ids, edges));
		}
		const hidden = hiddenByFolds(ids, edges, this.folded);
		const counts = foldCounts(ids, edges, this.folded, hidden);
		this.hidden = hidden;
		this.counts = counts;
		this.paint();
		this.arrange(boxes, edges);
		this.publish(ids, edges);
	}

	private paint(): void {
		const cy = this.cy;
		const hidden = this.hidden;
		cy.batch(() => {
			cy.nodes('.node').forEach((n) => {
				const off = hidden.has(n.id());
				if (Boolean(n.data('foldHidden')) !== off) n.data('foldHidden', off);
				const count = this.counts.get(n.id()) ?? 0;
				if ((Number(n.data('folds')) || 0) !== count) n.data('folds', count);
				if (off && n.selected()) n.unselect();
			});
			// A junction goes with its conclusion, or when none of its premises is in view; an edge's
			// middle (an undercut's end) with either end of the edge.
			cy.nodes('.junction').forEach((j) => {
				const premises = j.incomers('node');
				const off =
					hidden.has(String(j.data('target'))) ||
					premises.map((p) => p.id()).every((id) => hidden.has(id));
				if (Boolean(j.data('foldHidden')) !== off) j.data('foldHidden', off);
			});
			cy.nodes('.mid').forEach((m) => {
				const e = cy.getElementById(String(m.data('edge')));
				const off =
					e.nonempty() && (hidden.has(e.source().id()) || hidden.has(String(e.data('to'))));
				if (Boolean(m.data('foldHidden')) !== off) m.data('foldHidden', off);
			});
		});
	}

	private arrange(all: DrawnGraph['nodes'], edges: LayoutEdge[]): void {
		// The server's arrangement of the default folds, sent with the page: for the first
		// arrangement only, and only where it fits this graph, these boxes and this pane.
		const sent = this.sent;
		this.sent = null;
		if (this.hidden.size === 0) {
			this.arrangementKey = '';
			this.settle();
			if (this.binding.isArranged) this.binding.setArrangement(null);
			return;
		}
		const w = this.cy.width();
		const h = this.cy.height();
		const aspect = w > 0 && h > 0 ? w / h : DEFAULT_ASPECT;
		// Boxes as the binding drew them (a large map's nodes may not all be in cytoscape yet).
		const sizes = new Map(all.map((b) => [b.id, b]));
		const { boxes, shownEdges, job } = arrangementJob(
			all.map((b) => b.id),
			edges,
			this.hidden,
			(id) => ({ w: sizes.get(id)?.w || 0, h: sizes.get(id)?.h || 0 }),
			aspect
		);
		const key = JSON.stringify([boxes, shownEdges.map((e) => [e.id, e.from, e.to, e.group ?? ''])]);
		// The same nodes and edges in view: the same arrangement (a re-render must not reshuffle).
		if (key === this.arrangementKey && (this.binding.isArranged || this.arranging)) return;
		this.arrangementKey = key;
		this.arranging = true;
		const given = sent && usableArrangement(sent, boxes, shownEdges, aspect);
		if (given) {
			this.usedSent = true;
			this.binding.setArrangement(given);
			this.settle();
			return;
		}
		const onPage = (runLayoutJob: RunLayoutJob) => {
			const at = new Map<string, Point>();
			for (const [id, x, y] of runLayoutJob(job)) at.set(id, { x, y });
			return at;
		};
		const engine = layoutEngineNow();
		if (boxes.length <= ARRANGE_ON_PAGE_MAX && engine) {
			this.binding.setArrangement(onPage(engine));
			this.settle();
			return;
		}
		const arranged =
			boxes.length <= ARRANGE_ON_PAGE_MAX
				? // The engine is not loaded yet (it is preloaded for maps that open folded): once it is.
					loadLayoutEngine().then(onPage)
				: this.runner.run(job);
		arranged.then(
			(at: Map<string, Point>) => {
				// Folds or the map changed while it ran: a newer arrangement is on its way (or none).
				if (this.destroyed || key !== this.arrangementKey) return;
				this.binding.setArrangement(at);
				this.settle();
			},
			(e: unknown) => {
				console.error(e);
				if (key === this.arrangementKey) this.settle();
			}
		);
	}

	/** The wanted arrangement is drawn (or there is none): wake whoever waits for it. */
	private settle(): void {
		this.arranging = false;
		for (const done of this.idleWaiters.splice(0)) done();
	}

	/** Resolves once the latest arrangement is drawn (at once when none is being laid out). */
	whenArranged(): Promise<void> {
		if (!this.arranging) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	/** Whether an arrangement is being laid out. */
	get isArranging(): boolean {
		return this.arranging;
	}

	private publish(ids: string[], edges: LayoutEdge[]): void {
		this.last = {
			badges: this.badges(),
			hidden: this.hidden.size,
			hasMainLines: defaultFolds(ids, edges).length > 0
		};
		this.onChange(this.last, true);
	}

	/** The badges where the folded nodes are drawn now (container pixels). */
	badges(): FoldBadge[] {
		const out: FoldBadge[] = [];
		const zoom = this.cy.zoom();
		const pan = this.cy.pan();
		for (const [id, count] of this.counts) {
			const n = this.cy.getElementById(id);
			if (n.empty() || count === 0) continue;
			// From position and size: no style or label measurement (this runs every frame of a pan).
			const bb = renderedBox(n, zoom, pan);
			out.push({ id, count, x: bb.x2, y: bb.y2 });
		}
		return out;
	}

	/** Whether this node is folded (and in view). */
	isFolded(id: string): boolean {
		return this.folded.has(id);
	}

	canFold(id: string): boolean {
		const { ids, edges } = this.graph();
		return canFold(id, ids, edges);
	}

	/** Folds or unfolds one node's branch. */
	toggle(id: string): void {
		const next = new Set(this.folded);
		if (next.has(id)) next.delete(id);
		else if (this.canFold(id)) next.add(id);
		else return;
		this.set(next);
	}

	/** Unfolds whatever hides any of `ids`; true when something was unfolded. */
	reveal(ids: readonly string[]): boolean {
		if (!ids.some((id) => this.hidden.has(id))) return false;
		const { ids: all, edges } = this.graph();
		const up = conclusionsOf(all, edges);
		const next = new Set(this.folded);
		for (const id of ids)
			if (this.hidden.has(id))
				for (const f of foldsAbove(id, up, this.folded, this.hidden)) next.delete(f);
		this.set(next);
		return true;
	}

	unfoldAll(): void {
		this.set(new Set());
	}

	/** Folds everything under the main lines (the default of a large map). */
	foldToMainLines(): void {
		const { ids, edges } = this.graph();
		this.set(new Set(defaultFolds(ids, edges)));
	}

	private set(next: Set<string>): void {
		if (sameSet(next, this.folded) && this.started) return;
		this.folded = next;
		this.started = true;
		const existing = new Set(this.graph().ids);
		storeFolds(
			this.mapId,
			[...next].filter((id) => existing.has(id))
		);
		this.update();
	}

	get isArranged(): boolean {
		return this.binding.isArranged;
	}

	/** Ids of the nodes hidden by folds (for tests). */
	hiddenIds(): string[] {
		return [...this.hidden];
	}

	foldedIds(): string[] {
		return [...this.folded];
	}
}
