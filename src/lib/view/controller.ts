/**
 * The map editor's imperative core: owns the cytoscape instance, the binding to the Y.Doc and the
 * edge-drawing extension, turns user gestures into commands (`commands.ts`, written through the
 * editor's `DocWriter`) and mirrors what the user needs to see into `EditorState`. Browser only;
 * `create` loads cytoscape lazily. The editor (editor.svelte.ts) creates and destroys it.
 *
 * Teardown invariant: every listener, observer, timer and frame this class starts is registered in
 * `teardown` (or owned by the binding) and released by `destroy()`, which also destroys cytoscape.
 *
 * Edge drawing (cytoscape-edgehandles) is loaded after the first view, for people who may edit
 * (`prepareDrawing`): until it is there, no node shows its connect handle, so a drawing gesture never
 * starts without it.
 */
import type cytoscape from 'cytoscape';
import type { EdgeHandlesInstance } from 'cytoscape-edgehandles';
import type { NodeKind, Relation } from '$lib/model/schema';
import type { MapSession } from '$lib/sync/session';
import { MapBinding, type Rendered } from './binding';
import {
	addNodeAt,
	connect,
	deleteSelection,
	groupCoPremises,
	setKinds,
	setRelations,
	ungroup,
	type ChoosableRelation
} from './commands';
import { loadCytoscape, loadEdgeHandles } from './cy';
import type { DocWriter } from './doc-writer';
import { midId } from '$lib/drawing/elements';
import type { EditorState } from './editor-state.svelte';
import type { Point } from '$lib/drawing/geometry';
import { afterFrames } from './frame';
import type { Command } from './keys';
import { canvasMeasure } from '$lib/drawing/canvas-measure';
import { boundsOf, fitViewport, initialViewport, type Bounds } from '$lib/drawing/initial-view';
import { labelBox } from '$lib/drawing/label';
import { aimInDirection, nearestInDirection, type Direction } from './nav';
import { RANK_GAP, placeMissing, type Box } from '$lib/drawing/placement';
import { stylesheet } from './style';
import { FoldView, foldStyle, opensFolded } from './fold-view';
import type { FirstArrangement } from '$lib/drawing/fold-arrangement';
import { loadLayoutEngine } from './layout-engine';
import { LayoutRunner } from './layout-runner';
import { getNodesMap } from '$lib/model/doc';
import { LabelDetail, lodStyle } from './label-detail';
import { keepWheelOnMap } from './page-scroll';
import { motionDetail } from '$lib/drawing/level-of-detail';

const ZOOM_STEP = 1.25;

/** Resolves once cytoscape has drawn a frame (or two animation frames have passed regardless). */
function firstFrame(cy: cytoscape.Core): Promise<void> {
	return new Promise((resolve) => {
		let settled = false;
		const done = () => {
			if (settled) return;
			settled = true;
			cy.removeListener('render', done);
			resolve();
		};
		cy.one('render', done);
		requestAnimationFrame(() => requestAnimationFrame(done));
	});
}

/**
 * A map of this many nodes or more that opens folded starts its layout worker as it opens: folded to
 * its main lines it is likely to leave more than `ARRANGE_ON_PAGE_MAX` (30) nodes in view, whose
 * arrangement runs in the worker (generated maps keep about one node in twenty: 52 of 1,000).
 */
export const WARM_WORKER_FROM_NODES = 500;

/** The tap target id of the canvas itself. */
const BACKGROUND = ':background';

export class EditorController {
	private binding: MapBinding;
	/** This person's folded branches (never in the document). */
	readonly folds: FoldView;
	/** Labels readable at every zoom: full, short or none. */
	private readonly detail: LabelDetail;
	/** The edge-drawing gesture; null until `prepareDrawing` has loaded the extension. */
	private eh: EdgeHandlesInstance | null = null;
	private drawingQueued = false;
	private readonly teardown: Array<() => void> = [];
	private fittedOnce = false;
	/** The targets of the last two taps (element ids, or BACKGROUND): a double tap needs both alike. */
	private tapTargets: [string | null, string | null] = [null, null];
	private destroyed = false;

	private constructor(
		readonly cy: cytoscape.Core,
		private readonly session: MapSession,
		private readonly state: EditorState,
		private readonly writer: DocWriter,
		sent: FirstArrangement | null,
		/** Where the fold view's arrangements run (a worker started early for a large map). */
		foldRunner?: LayoutRunner
	) {
		const measure = canvasMeasure();
		this.binding = new MapBinding(session.doc, cy, {
			writer,
			measure,
			isSynced: () => session.current.synced,
			fallbackPoint: () => this.viewportCentre(),
			onRender: (r) => this.onRender(r),
			onLayoutBusy: (busy) => (state.layingOut = busy),
			// A large map goes into cytoscape over several frames, hidden until its folds are known;
			// a map opening folded has its first view (what the folds leave) added first, drawn and
			// ready before the rest is in.
			addHidden: true,
			firstShown: (graph) =>
				session.current.synced && !this.fittedOnce ? this.folds.firstShown(graph) : null
		});
		this.folds = new FoldView(
			cy,
			this.binding,
			session.mapId,
			(f, repainted) => {
				// Folding or unfolding changes how much is drawn (badges moving with the view do not).
				const refolded = f.hidden !== state.folds.hidden;
				state.folds = f;
				if (refolded) this.applyMotionDetail();
				// Nodes a fold showed take the current band (only nodes in view have one: LabelDetail).
				// Before the first view, the render does that once the first view's zoom is set.
				if (repainted && this.fittedOnce) this.detail.update(true);
			},
			{ sent, runner: foldRunner }
		);
		this.detail = new LabelDetail(cy, measure);
		this.bindCy();
		// The map's box changes size without a window resize (cytoscape watches only that): a
		// narrow screen's tabs hide and show it, panels open beside it.
		const container = cy.container();
		if (container && typeof ResizeObserver !== 'undefined') {
			const watch = new ResizeObserver(() => cy.resize());
			watch.observe(container);
			this.teardown.push(() => watch.disconnect());
		}
		// The render after the map becomes synced lays out, folds and fits it; later changes of the
		// connection (status, pending count, sync again after a reconnect) change nothing drawn, and
		// each used to cost a full render of the map.
		let synced = session.current.synced;
		this.teardown.push(
			session.subscribe((s) => {
				if (s.synced && !synced) this.binding.schedule();
				synced = s.synced;
			})
		);
	}

	static async create(
		container: HTMLElement,
		session: MapSession,
		state: EditorState,
		writer: DocWriter,
		/** Rules added after the editor's own (e.g. seminar decorations), there from the start. */
		extraStyle: cytoscape.StylesheetJson = [],
		/** The server's arrangement of the map's default folds, from the page (fold-arrangement.ts). */
		sent: FirstArrangement | null = null
	): Promise<EditorController> {
		const nodeCount = getNodesMap(session.doc).size;
		const folded = opensFolded(session.mapId, nodeCount);
		// A large map opening folded without the server's arrangement has its first view arranged in
		// the layout worker: started now, its scripts load while the map is read and drawn.
		const foldRunner = new LayoutRunner();
		if (!sent && folded && nodeCount >= WARM_WORKER_FROM_NODES) foldRunner.warm();
		let cy: cytoscape.Core;
		try {
			const cytoscape = await loadCytoscape();
			cy = cytoscape({
				container,
				style: [...stylesheet(), ...lodStyle(), ...foldStyle(), ...extraStyle],
				minZoom: 0.02,
				maxZoom: 3,
				boxSelectionEnabled: true
			});
			// cytoscape's layered texture cache draws every element of the graph, in view or not, into
			// layers as large as the whole map on its very first frame; on later frames it builds them
			// lazily in idle time and draws only what is in view. On a large map that first frame costs
			// hundreds of milliseconds, so it is drawn empty and the map is added after it.
			await firstFrame(cy);
			// A map that opens folded is first drawn arranged by the layout engine on the page (preloaded
			// with the map's state, beside cytoscape): wait for it here rather than draw the map unarranged
			// and then again. A failed load leaves the arrangement to retry it (fold-view.ts). Not when the
			// page brought the server's arrangement: the first view then needs no engine, unless that
			// arrangement does not fit (another person's folds, a changed map), and then the arrangement
			// waits for the engine itself.
			if (!sent && folded) await loadLayoutEngine().catch(() => {});
		} catch (e) {
			foldRunner.destroy();
			throw e;
		}
		const ctl = new EditorController(cy, session, state, writer, sent, foldRunner);
		ctl.teardown.push(keepWheelOnMap(cy, container));
		ctl.binding.render();
		return ctl;
	}

	/**
	 * Loads the edge-drawing extension (once) for someone who may edit, and shows the connect handle
	 * of the node it was wanted for, if that is still the one to show. Resolves false for a person who
	 * may not write (nothing is loaded) or a controller destroyed meanwhile.
	 */
	async prepareDrawing(): Promise<boolean> {
		if (this.eh) return true;
		if (this.state.readOnly) return false;
		await loadEdgeHandles();
		if (this.destroyed) return false;
		this.eh ??= this.cy.edgehandles({
			canConnect: (s, t) => s.id() !== t.id() && ['node', 'mid'].includes(t.data('role')),
			snap: true,
			snapThreshold: 16,
			hoverDelay: 80,
			noEdgeEventsInDraw: true,
			disableBrowserGestures: true
		});
		return true;
	}

	/** `prepareDrawing` when the page is next idle (once; a failed load is retried at a first hover). */
	prepareDrawingWhenIdle(): void {
		if (this.eh || this.drawingQueued) return;
		this.drawingQueued = true;
		const run = () => void this.prepareDrawing().catch(() => {});
		if (typeof requestIdleCallback === 'function') {
			const id = requestIdleCallback(run, { timeout: 3000 });
			this.teardown.push(() => cancelIdleCallback(id));
		} else {
			const id = setTimeout(run, 200);
			this.teardown.push(() => clearTimeout(id));
		}
	}

	// --- cytoscape events -------------------------------------------------------------------

	private on(events: string, selector: string | null, handler: cytoscape.EventHandler): void {
		if (selector) this.cy.on(events, selector, handler);
		else this.cy.on(events, handler);
		this.teardown.push(() =>
			selector
				? this.cy.removeListener(events, selector, handler)
				: this.cy.removeListener(events, handler)
		);
	}

	private bindCy(): void {
		const cy = this.cy;
		let selectionQueued = false;
		this.on('select unselect', null, () => {
			if (selectionQueued) return;
			selectionQueued = true;
			// Box selection fires one event per element: publish the result once.
			queueMicrotask(() => {
				selectionQueued = false;
				if (this.destroyed) return;
				this.state.selection = {
					nodes: cy.$('node.node:selected').map((n) => n.id()),
					edges: cy.$('edge:selected').map((e) => e.id())
				};
				const only = this.state.selection.nodes.length === 1 ? this.state.selection.nodes[0] : null;
				if (only) this.showHandle(only);
			});
		});
		this.on('mouseover', 'node.node', (e) => {
			if (!this.state.drawing) this.showHandle(e.target.id());
		});
		this.on('tap', 'node.node', (e) => {
			// Aiming a connection (C): a click on a node is the target, as Enter on the aimed one.
			const aim = this.state.connecting;
			if (!aim || e.target.id() === aim.from) return;
			this.aimAt(e.target.id());
			this.aimChosen();
		});
		this.on('tap', null, (e) => {
			this.tapTargets = [this.tapTargets[1], e.target === cy ? BACKGROUND : e.target.id()];
			if (e.target === cy) {
				this.state.handle = null;
				this.state.focusedSentence = null;
			}
		});
		// cytoscape fires dbltap for any two clicks within its debounce time, even on two different
		// elements: a quick click on one node and then another must select, not open the editor.
		this.on('dbltap', null, (e) => {
			if (e.target === cy && this.tapTargets[0] === BACKGROUND)
				this.addNode(this.state.newKind, e.position);
		});
		this.on('dbltap', 'node.node', (e) => {
			if (this.tapTargets[0] === e.target.id()) this.edit(e.target.id());
		});
		this.on('viewport grab', null, () => (this.state.handle = null));
		this.on('position', 'node.node', () => this.refreshOverlays());
		this.on('viewport', null, () => this.refreshOverlays());
		this.on('ehstart', null, () => {
			this.state.drawing = true;
			this.state.handle = null;
			this.addDropTargets();
		});
		this.on('ehstop', null, () => {
			this.state.drawing = false;
			cy.batch(() => {
				cy.nodes('.drop').remove();
				cy.nodes('.mid').removeClass('droppable');
			});
		});
		this.on('ehcomplete', null, ((
			event: cytoscape.EventObject,
			source: cytoscape.NodeSingular,
			target: cytoscape.NodeSingular,
			added: cytoscape.EdgeCollection
		) => {
			// The drawn edge is only a preview: the document decides what exists.
			added.remove();
			if (target.data('role') === 'mid') {
				this.finishConnect(source.id(), String(target.data('edge')), 'undercuts');
				return;
			}
			const at = target.renderedPosition();
			const src = source.renderedPosition();
			this.state.pendingEdge = {
				from: source.id(),
				to: target.id(),
				x: (at.x + src.x) / 2,
				y: (at.y + src.y) / 2
			};
			void event;
		}) as unknown as cytoscape.EventHandler);
		const onWindowUp = () => {
			// The handle lives outside the canvas, so a release anywhere ends the gesture.
			if (this.state.drawing) this.eh?.stop();
		};
		window.addEventListener('mouseup', onWindowUp);
		this.teardown.push(() => window.removeEventListener('mouseup', onWindowUp));
	}

	/**
	 * While an edge is drawn, every edge gets a target on its midpoint (dropping there makes an
	 * undercut). Edges already undercut have a mid node; the others get a temporary `drop` node,
	 * removed when the gesture ends. They are view-only helpers, never written anywhere.
	 */
	private addDropTargets(): void {
		const cy = this.cy;
		cy.batch(() => {
			cy.edges('[role = "edge"]').forEach((e) => {
				if (cy.getElementById(midId(e.id())).nonempty()) return;
				cy.add({
					group: 'nodes',
					data: { id: `drop:${e.id()}`, role: 'mid', edge: e.id() },
					classes: 'mid drop',
					position: { ...e.midpoint() },
					grabbable: false,
					selectable: false
				});
			});
			cy.nodes('.mid').addClass('droppable');
		});
	}

	private onRender(r: Rendered): void {
		const s = this.state;
		s.showView(r.view, r.counts.edges, r.viewProblems);
		const existing = new Set(r.view.nodes.map((n) => n.id));
		if (s.editing && !existing.has(s.editing.nodeId)) s.editing = null;
		if (s.handle && !existing.has(s.handle.nodeId)) s.handle = null;
		// Part of a large map is still being added (binding.ts, ADD_CHUNK): folds, the first view and
		// the labels wait for all of it (the render that completes it comes here again), or for the
		// first view's part of it (`firstShown`: the folds are worked out from the whole map's
		// reading, not from what cytoscape holds).
		if (!r.complete && !r.firstViewIn) return;
		// Folds wait for the whole map: a large map's default folds are computed from all of it.
		if (this.session.current.synced) this.folds.update();
		const first = this.session.current.synced && !this.fittedOnce;
		// The first view's zoom before the labels' level of detail: computed at the default zoom
		// first, every label would be worked out and restyled twice.
		if (first) this.initialView();
		this.detail.update(true);
		this.applyMotionDetail();
		if (first) {
			performance.mark('warrant:first-render');
			this.fittedOnce = true;
			// Ready once cytoscape has drawn a frame with every element (it emits `render` after
			// drawing); an empty map has nothing to draw.
			const markReady = () => {
				if (this.destroyed) return;
				performance.mark('warrant:ready');
				s.ready = true;
				// A large map's first view is drawn: the nodes it folds away go in now.
				this.binding.addRest();
			};
			if (this.binding.layingOut || this.folds.isArranging) {
				// Nodes wait on a provisional grid for the layout worker: the map is ready once its
				// layout and arrangement are drawn, seen as at first sight. A folded map's arrangement
				// (its few nodes in view) comes back first and is shown at once.
				void this.folds.whenArranged().then(() => {
					if (!this.destroyed && !s.ready && this.folds.isArranged) this.initialView();
				});
				void Promise.all([this.binding.whenIdle(), this.folds.whenArranged()]).then(() => {
					if (this.destroyed) return;
					performance.mark('warrant:laid-out');
					this.initialView();
					this.teardown.push(afterFrames(2, markReady));
				});
			} else if (this.cy.elements().empty()) markReady();
			else this.cy.one('render', markReady);
		}
		this.applySentenceFocus();
	}

	/**
	 * How the view moves (level-of-detail.ts): a large map pans and zooms as a picture of itself.
	 * cytoscape reads these renderer fields (its `textureOnViewport` option) on every frame; its API
	 * sets them only at creation, before the map's size is known.
	 */
	private applyMotionDetail(): void {
		const shown = this.cy.elements().filter((e) => !e.data('foldHidden')).length;
		const { picture } = motionDetail(shown);
		const r = (
			this.cy as unknown as {
				renderer(): { textureOnViewport: boolean; textureCache: unknown } | undefined;
			}
		).renderer();
		if (!r || r.textureOnViewport === picture) return;
		r.textureOnViewport = picture;
		// A picture kept from an earlier gesture would be shown at the start of the next one.
		r.textureCache = null;
	}

	/** Whether the view moves as a picture of itself (for tests). */
	private get movesAsPicture(): boolean {
		const r = (
			this.cy as unknown as { renderer(): { textureOnViewport: boolean } | undefined }
		).renderer();
		return Boolean(r?.textureOnViewport);
	}

	// --- overlays ---------------------------------------------------------------------------

	private showHandle(nodeId: string): void {
		const n = this.cy.getElementById(nodeId);
		if (n.empty() || this.state.editing || this.state.readOnly) return;
		if (!this.eh) {
			// The handle starts a drawing gesture: shown once the extension is there (a first hover).
			void this.prepareDrawing().then(
				(ready) => ready && !this.state.drawing && this.showHandle(nodeId),
				(err: unknown) => this.state.say(`Edge drawing could not load: ${String(err)}`, 'error')
			);
			return;
		}
		const bb = n.renderedBoundingBox({ includeLabels: false });
		this.state.handle = { nodeId, x: (bb.x1 + bb.x2) / 2, y: bb.y1 };
	}

	private refreshOverlays(): void {
		const ed = this.state.editing;
		if (ed) {
			const n = this.cy.getElementById(ed.nodeId);
			if (n.nonempty()) this.state.editing = { ...ed, box: this.nodeBox(n) };
		}
	}

	private nodeBox(n: cytoscape.NodeSingular) {
		const bb = n.renderedBoundingBox({ includeLabels: false });
		return { x: bb.x1, y: bb.y1, w: bb.x2 - bb.x1, h: bb.y2 - bb.y1 };
	}

	private viewportCentre(): Point {
		const ext = this.cy.extent();
		return { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
	}

	// --- commands ---------------------------------------------------------------------------

	/** The map's document, for reading (the exports); every write goes through the `DocWriter`. */
	get doc() {
		return this.session.doc;
	}

	run(cmd: Command): void {
		const sel = this.state.selection;
		switch (cmd.type) {
			case 'new-node':
				return void this.addNode(this.state.newKind);
			case 'edit':
				if (this.state.connecting) return this.aimChosen();
				if (sel.nodes.length === 1) this.edit(sel.nodes[0]);
				return;
			case 'delete':
				return this.deleteSelected();
			case 'kind':
				return this.setKind(cmd.kind);
			case 'relation':
				return this.setRelation(cmd.relation);
			case 'connect':
				if (sel.nodes.length === 1) return this.beginAim(sel.nodes[0]);
				return this.state.say('Select one node to connect from.', 'info');
			case 'group':
				return this.group();
			case 'ungroup':
				return this.ungroup();
			case 'fit':
				return this.fit();
			case 'fold':
				if (sel.nodes.length === 1) return this.toggleFold(sel.nodes[0]);
				return this.state.say('Select one node to fold or unfold its branch.', 'info');
			case 'unfold-all':
				return this.unfoldAll();
			case 'layout':
				return this.layout();
			case 'zoom':
				return this.zoom(cmd.by);
			case 'select-next':
				if (this.state.connecting) return this.moveAim(cmd.direction);
				return this.selectNext(cmd.direction);
			case 'help':
				this.state.helpOpen = !this.state.helpOpen;
				return;
			case 'escape':
				return this.escape();
		}
	}

	/**
	 * Adds a node at `at`; without a point, below the one selected node (a new node is most often a
	 * reason for the one just written) or else at the centre of the view; never on top of another.
	 */
	addNode(kind: NodeKind, at?: Point): string {
		if (!this.writer.mayWrite()) return '';
		this.state.newKind = kind;
		const sel = this.state.selection.nodes;
		const anchor = sel.length === 1 ? this.cy.getElementById(sel[0]) : null;
		const want =
			at ??
			(anchor?.nonempty()
				? { x: anchor.position().x, y: anchor.position().y + RANK_GAP }
				: this.viewportCentre());
		const spot = this.freeSpotNear(want);
		const author = { id: this.state.user.id, name: this.state.user.name };
		const id = this.writer.write((doc, origin) => addNodeAt(doc, kind, spot, author, origin));
		if (!id) return '';
		// The binding draws it on the next frame; select and edit it once it is there.
		this.teardown.push(
			afterFrames(2, () => {
				if (this.destroyed) return;
				const n = this.cy.getElementById(id);
				if (n.empty()) return;
				this.cy.$(':selected').unselect();
				n.select();
				this.edit(id, true);
			})
		);
		return id;
	}

	/** `at`, or the nearest spot to its right where a new node does not cover an existing one. */
	freeSpotNear(at: Point): Point {
		const boxes: Box[] = this.cy.nodes('.node').map((n) => ({
			id: n.id(),
			w: n.width(),
			h: n.height(),
			position: { ...n.position() }
		}));
		const size = labelBox('');
		boxes.push({ id: ':new', w: size.width, h: size.height });
		return placeMissing(boxes, [], at).get(':new') ?? at;
	}

	edit(nodeId: string, isNew = false): void {
		if (!this.writer.mayWrite()) return;
		const n = this.cy.getElementById(nodeId);
		if (n.empty() || n.data('role') !== 'node') return;
		this.state.handle = null;
		this.state.editing = { nodeId, box: this.nodeBox(n), isNew };
	}

	/** Called by the label editor when it closes; an empty node created just now is dropped. */
	endEdit(opts: { cancelled: boolean; empty: boolean }): void {
		const ed = this.state.editing;
		this.state.editing = null;
		if (ed?.isNew && opts.cancelled && opts.empty)
			this.writer.write((doc, origin) =>
				deleteSelection(doc, { nodes: [ed.nodeId], edges: [] }, origin)
			);
		this.cy.container()?.focus();
	}

	deleteSelected(): void {
		if (!this.writer.mayWrite()) return;
		const sel = this.state.selection;
		if (sel.nodes.length + sel.edges.length === 0) return this.state.say('Nothing is selected.');
		this.writer.write((doc, origin) => deleteSelection(doc, sel, origin));
	}

	setKind(kind: NodeKind): void {
		if (!this.writer.mayWrite()) return;
		this.state.newKind = kind;
		const nodes = this.state.selection.nodes;
		if (nodes.length > 0) this.writer.write((doc, origin) => setKinds(doc, nodes, kind, origin));
	}

	setRelation(relation: Relation): void {
		if (!this.writer.mayWrite()) return;
		const edges = this.state.selection.edges;
		if (edges.length === 0) return this.state.say('Select an edge to change its relation.');
		const r = this.writer.write((doc, origin) => setRelations(doc, edges, relation, origin));
		if (r && !r.ok) this.state.say(r.message, 'error');
	}

	group(): void {
		const sel = this.state.selection;
		const r = this.writer.write((doc, origin) => groupCoPremises(doc, sel, origin));
		if (r) this.state.say(r.ok ? 'Grouped as co-premises.' : r.message, r.ok ? 'info' : 'error');
	}

	ungroup(): void {
		const edges = this.state.selection.edges;
		const r = this.writer.write((doc, origin) => ungroup(doc, edges, origin));
		if (r && !r.ok) this.state.say(r.message, 'error');
	}

	startConnect(nodeId: string): void {
		if (!this.writer.mayWrite()) return;
		const n = this.cy.getElementById(nodeId);
		if (n.nonempty()) this.eh?.start(n);
	}

	/**
	 * Starts a keyboard connection from `nodeId`: the arrow keys (or search, or a click) aim at the
	 * target, Enter asks for the relation (the same chooser as a drawn edge), Esc cancels. The source
	 * stays selected; the aimed node is marked `aim-target` on the map only (a view class).
	 */
	beginAim(nodeId: string): void {
		if (!this.writer.mayWrite()) return;
		const n = this.cy.getElementById(nodeId);
		if (n.empty()) return;
		this.endAim();
		n.addClass('aim-source');
		this.state.connecting = { from: nodeId, target: null };
		this.cy.container()?.focus();
	}

	/** Aims a keyboard connection at `nodeId` (not its source) and brings it into view. */
	aimAt(nodeId: string): void {
		const aim = this.state.connecting;
		const n = this.cy.getElementById(nodeId);
		if (!aim || nodeId === aim.from || n.empty() || !n.hasClass('node')) return;
		this.cy.nodes('.aim-target').removeClass('aim-target');
		n.addClass('aim-target');
		this.state.connecting = { ...aim, target: nodeId };
		const ext = this.cy.extent();
		const p = n.position();
		if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) this.cy.center(n);
	}

	/**
	 * Shows nodes found elsewhere (search, outline): while a connection is aimed the first is the
	 * target and focus goes back to the map for Enter; otherwise they are selected.
	 */
	show(ids: string[]): void {
		if (!this.state.connecting) return this.select(ids);
		if (ids[0]) this.aimAt(ids[0]);
		this.cy.container()?.focus();
	}

	private moveAim(dir: Direction): void {
		const aim = this.state.connecting;
		if (!aim) return;
		const fromId = aim.target ?? aim.from;
		const from = this.cy.getElementById(fromId).position();
		// Only nodes on screen: a node folded away cannot be seen, so aiming at it showed an empty view.
		const candidates = this.shownNodes()
			.filter((n) => n.id() !== fromId && n.id() !== aim.from)
			.map((n) => ({ id: n.id(), p: (n as cytoscape.NodeSingular).position() }));
		const next = aimInDirection(from, candidates, dir);
		if (next) this.aimAt(next);
	}

	/** Enter while aiming: the relation chooser for source → target, focus in it. */
	private aimChosen(): void {
		const aim = this.state.connecting;
		if (!aim) return;
		if (!aim.target) return this.state.say('Move to the target first (arrow keys or search).');
		const src = this.cy.getElementById(aim.from);
		const dst = this.cy.getElementById(aim.target);
		this.endAim();
		if (src.empty() || dst.empty()) return;
		const a = src.renderedPosition();
		const b = dst.renderedPosition();
		this.state.pendingEdge = {
			from: src.id(),
			to: dst.id(),
			x: (a.x + b.x) / 2,
			y: (a.y + b.y) / 2
		};
	}

	/** Ends aiming a keyboard connection (Esc, Enter, or a new one). */
	endAim(): void {
		this.cy.nodes('.aim-source, .aim-target').removeClass('aim-source aim-target');
		this.state.connecting = null;
	}

	chooseRelation(relation: ChoosableRelation | null): void {
		const p = this.state.pendingEdge;
		this.state.pendingEdge = null;
		if (p && relation) this.finishConnect(p.from, p.to, relation);
		this.cy.container()?.focus();
	}

	private finishConnect(from: string, to: string, relation: Relation): void {
		const author = { id: this.state.user.id, name: this.state.user.name };
		const r = this.writer.write((doc, origin) =>
			connect(doc, { from, to, relation }, author, origin)
		);
		if (r && !r.ok) this.state.say(r.message, 'error');
	}

	/** The map nodes in view: not hidden by this person's folds. */
	private shownNodes(): cytoscape.NodeCollection {
		return this.cy.nodes('.node').filter((n) => !n.data('foldHidden'));
	}

	/** Folds or unfolds a node's branch, then shows the whole map as it now is. */
	toggleFold(nodeId: string): void {
		if (!this.folds.isFolded(nodeId) && !this.folds.canFold(nodeId)) {
			this.state.say('Nothing argues with this node: there is no branch to fold.', 'info');
			return;
		}
		this.folds.toggle(nodeId);
		this.fit();
		this.select([nodeId]);
	}

	unfoldAll(): void {
		this.folds.unfoldAll();
		this.fit();
	}

	foldToMainLines(): void {
		this.folds.foldToMainLines();
		this.fit();
	}

	fit(): void {
		const bb = this.nodeBounds(this.shownNodes());
		if (!bb) return;
		this.cy.viewport(fitViewport(bb, this.cy.width(), this.cy.height(), this.cy.minZoom()));
	}

	/**
	 * The box around nodes from their positions and the sizes the binding gave them (`w`, `h`: the
	 * label is inside the node). Unlike cytoscape's `boundingBox()` this needs no style and no label
	 * measurement, which on a large map is a large part of the cost of the first frame.
	 */
	private nodeBounds(nodes: cytoscape.NodeCollection): Bounds | null {
		return boundsOf(
			nodes.map((n) => ({
				...n.position(),
				w: Number(n.data('w')) || 0,
				h: Number(n.data('h')) || 0
			}))
		);
	}

	/** The first view of a map (see initial-view.ts); F shows everything. */
	private initialView(): void {
		const all = this.shownNodes();
		const bounds = this.nodeBounds(all);
		if (!bounds) return;
		const theses = this.nodeBounds(all.filter('.kind-thesis'));
		const cy = this.cy;
		// Folds arranged what is in view to fit the pane: show all of it.
		if (this.folds.isArranged) return this.fit();
		cy.viewport(initialViewport(bounds, theses, cy.width(), cy.height(), cy.minZoom()));
	}

	zoom(by: 1 | -1): void {
		const level = this.cy.zoom() * (by > 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
		this.cy.zoom({ level, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
	}

	/**
	 * Auto layout: one step of this person's undo. It moves everyone's map, so while others are here
	 * it first asks (`state.layoutConfirm`; the dialog calls back with `confirmed`).
	 */
	layout(confirmed = false): void {
		this.state.layoutConfirm = false;
		if (!this.writer.mayWrite()) return;
		if (this.cy.nodes('.node').empty()) return;
		if (!confirmed && this.state.othersHere.length > 0) {
			this.state.layoutConfirm = true;
			return;
		}
		// The layout runs in the worker; the map is fitted to it when it is written.
		void this.binding.autoLayout().then((done) => {
			if (!done || this.destroyed) return;
			this.fit();
			this.state.say('Laid out the map for everyone.');
		});
	}

	selectNext(dir: Direction): void {
		const nodes = this.shownNodes();
		if (nodes.empty()) return;
		const current = this.state.selection.nodes[0];
		const from = current ? this.cy.getElementById(current).position() : this.viewportCentre();
		const candidates = nodes
			.filter((n) => n.id() !== current)
			.map((n) => ({ id: n.id(), p: (n as cytoscape.NodeSingular).position() }));
		const next = current
			? nearestInDirection(from, candidates, dir)
			: (candidates.sort(
					(a, b) =>
						Math.hypot(a.p.x - from.x, a.p.y - from.y) - Math.hypot(b.p.x - from.x, b.p.y - from.y)
				)[0]?.id ?? null);
		if (!next) return;
		this.select([next]);
	}

	/** Selects nodes and brings them into view. */
	select(ids: string[]): void {
		// A node folded away is brought back first: whoever asked for it (search, a comment, a
		// sentence) wants to see it.
		this.folds.reveal(ids);
		this.cy.$(':selected').unselect();
		let els = this.cy.collection();
		for (const id of ids) els = els.union(this.cy.getElementById(id));
		els.select();
		if (els.nonempty()) {
			const ext = this.cy.extent();
			const bb = els.boundingBox();
			const inside = bb.x1 >= ext.x1 && bb.x2 <= ext.x2 && bb.y1 >= ext.y1 && bb.y2 <= ext.y2;
			if (!inside) this.cy.center(els);
		}
	}

	/** Highlights (and selects) the nodes anchored to a sentence of the source text. */
	focusSentence(sentenceId: string | null): void {
		this.state.focusedSentence = sentenceId;
		this.applySentenceFocus();
		if (!sentenceId) return;
		const ids = this.state.nodes
			.filter((n) => n.anchors.some((a) => a.sentenceId === sentenceId))
			.map((n) => n.id);
		if (ids.length > 0) this.select(ids);
		else this.state.say('No node is anchored to this sentence yet.');
	}

	private applySentenceFocus(): void {
		const sid = this.state.focusedSentence;
		this.cy.batch(() => {
			this.cy.nodes('.anchored').removeClass('anchored');
			if (!sid) return;
			for (const n of this.state.nodes)
				if (n.anchors.some((a) => a.sentenceId === sid))
					this.cy.getElementById(n.id).addClass('anchored');
		});
	}

	private escape(): void {
		if (this.state.helpOpen) this.state.helpOpen = false;
		else if (this.state.pendingEdge) this.chooseRelation(null);
		else if (this.state.connecting) this.endAim();
		else if (this.state.drawing) this.eh?.stop();
		else if (this.state.message) this.state.dismissMessage();
		else {
			this.cy.$(':selected').unselect();
			this.state.handle = null;
			this.focusSentence(null);
		}
	}

	/** Read-only accessors for end-to-end tests (`window.__warrant`): what is drawn, not the doc. */
	testHooks() {
		const cy = this.cy;
		return {
			nodeIds: () => cy.nodes('.node').map((n) => n.id()),
			/** Every element of the map is in cytoscape (a large map's rest follows its first view). */
			complete: () => this.binding.rendered?.complete ?? false,
			nodeText: (id: string) => (cy.getElementById(id).data('text') as string | undefined) ?? null,
			nodeKind: (id: string) => (cy.getElementById(id).data('kind') as string | undefined) ?? null,
			edges: () =>
				cy.edges('[role = "edge"]').map((e) => ({
					id: e.id(),
					source: e.source().id(),
					target: e.target().id(),
					relation: e.data('relation') as string
				})),
			renderedPosition: (id: string) => {
				const n = cy.getElementById(id);
				return n.nonempty() ? { ...n.renderedPosition() } : null;
			},
			position: (id: string) => {
				const n = cy.getElementById(id);
				return n.nonempty() ? { ...n.position() } : null;
			},
			zoom: () => cy.zoom(),
			pan: () => ({ ...cy.pan() }),
			/** Moves the view only (never the map): for the panning benchmark. */
			panBy: (dx: number, dy: number) => cy.panBy({ x: dx, y: dy }),
			/** Nodes not hidden by folds. */
			shownIds: () => this.shownNodes().map((n) => n.id()),
			folded: () => this.folds.foldedIds(),
			arranged: () => this.folds.isArranged,
			/** Whether the first arrangement was the one the server sent with the page. */
			arrangedByServer: () => this.folds.usedSent,
			/** Whether the map's layouts ran in the layout worker (not on the page's fallback). */
			layoutInWorker: () => this.binding.layoutInWorker,
			/** The smallest label drawn on screen (px) among `ids` (default: nodes in view). */
			labels: (ids?: string[]) =>
				this.detail.drawnLabels(ids ?? this.shownNodes().map((n) => n.id())),
			/** Rendered bounding box of a node in container pixels. */
			box: (id: string) => {
				const n = cy.getElementById(id);
				return n.nonempty() ? n.renderedBoundingBox({ includeLabels: false }) : null;
			},
			hasClass: (id: string, cls: string) => cy.getElementById(id).hasClass(cls),
			/** Whether a pan or zoom gesture draws a picture of the view (level-of-detail.ts). */
			movesAsPicture: () => this.movesAsPicture,
			/** Whether edge drawing (cytoscape-edgehandles) is loaded and set up on this page. */
			edgeDrawing: () => this.eh !== null,
			selected: () => cy.$(':selected').map((e) => e.id())
		};
	}

	destroy(): void {
		this.destroyed = true;
		for (const off of this.teardown.splice(0)) off();
		this.folds.destroy();
		this.detail.destroy();
		this.binding.destroy();
		this.eh?.destroy();
		this.cy.destroy();
	}
}
