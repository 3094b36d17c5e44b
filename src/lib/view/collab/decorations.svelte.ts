/**
 * The seminar's marks on the map: peers' selection rings, colour by agreement, dimming by author
 * (in element data), and the overlay above the canvas (comment and vote badges, peers' pointers, in
 * container pixels). Also forwards this person's pointer to their presence. Browser only.
 *
 * Decorations live in element *data* (`peerRing`, `agreeFill`, `agreeText`, `dim`; '' when off)
 * read by the style rules of `decoration-style.ts`, which the editor gives cytoscape with its own
 * stylesheet: the binding merges its data into elements and replaces their classes, so data set here
 * survives its updates, and nothing here is written to the document.
 *
 * Teardown invariant: every listener, observer, effect and frame started here is released by
 * `destroy()`.
 */
import type cytoscape from 'cytoscape';
import type { Point } from '$lib/sync/presence';
import type { EditorState } from '../editor-state.svelte';
import { FrameTask } from '../frame';
import { renderedBox } from '../rendered-box';
import { NO_VOTES_FILL, agreementColour, textOn } from './agreement';
import { dimmedIds } from './authorship';
import type { CollabState, NodeBadge, PointerView } from './collab-state.svelte';

/** Whether two lists of flat records hold the same values in the same order. */
function sameRows<T extends object>(a: readonly T[], b: readonly T[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		const x = a[i] as Record<string, unknown>;
		const y = b[i] as Record<string, unknown>;
		for (const k in x) if (x[k] !== y[k]) return false;
	}
	return true;
}

export class Decorations {
	private readonly paintFrame = new FrameTask(() => {
		// Only elements added since the last paint, unless what the decorations show changed: a
		// large map is added over many frames (binding.ts), and each frame's paint went over all of it.
		// (Every render changes the editor's nodes and edges, so a full paint follows it anyway.)
		const added = this.everything ? null : this.added;
		this.everything = false;
		this.added = this.cy.collection();
		this.paint(added);
		this.overlayFrame.schedule();
	});
	/** Elements added since the last paint. */
	private added: cytoscape.Collection;
	/** The next paint goes over every element (what the decorations show changed). */
	private everything = true;
	private readonly overlayFrame = new FrameTask(() => this.overlay());
	private readonly offs: Array<() => void> = [];

	constructor(
		private readonly cy: cytoscape.Core,
		private readonly editor: EditorState,
		private readonly state: CollabState,
		/** This person's pointer in map coordinates, or null when it left the map. */
		onPointer: (p: Point | null) => void
	) {
		const onMove = (e: cytoscape.EventObject) => onPointer(e.position);
		const onLeave = () => onPointer(null);
		const onViewport = () => this.overlayFrame.schedule();
		this.added = cy.collection();
		const onAdd = (e: cytoscape.EventObject) => {
			// By id: a removal drops an element added since the last paint (an edge replaced in
			// one render is removed, then added again as a new element under the same id).
			if (e.type === 'add') this.added.merge(e.target);
			else this.added.unmerge(e.target);
			this.paintFrame.schedule();
			this.overlayFrame.schedule();
		};
		cy.on('mousemove', onMove);
		cy.on('viewport position', onViewport);
		cy.on('add remove', onAdd);
		const container = cy.container();
		container?.addEventListener('mouseleave', onLeave);
		const resize = new ResizeObserver(() => this.overlayFrame.schedule());
		if (container) resize.observe(container);
		this.offs.push(
			() => cy.removeListener('mousemove', onMove),
			() => cy.removeListener('viewport position', onViewport),
			() => cy.removeListener('add remove', onAdd),
			() => container?.removeEventListener('mouseleave', onLeave),
			() => resize.disconnect(),
			$effect.root(() => {
				$effect(() => {
					// Repaint when what the decorations show changes.
					void this.state.colourByAgreement;
					void this.state.authorFilter;
					void this.state.tallies;
					void this.state.marks;
					void this.editor.nodes;
					void this.editor.edges;
					void this.state.threads;
					this.everything = true;
					this.paintFrame.schedule();
				});
			}),
			() => this.paintFrame.cancel(),
			() => this.overlayFrame.cancel()
		);
	}

	/** Peers moved their pointers (or came and went). */
	peersChanged(): void {
		this.overlayFrame.schedule();
	}

	/** Writes the decoration data onto the elements, changing only what differs. */
	private paint(only: cytoscape.Collection | null): void {
		const s = this.state;
		const marks = s.marks;
		const dim = dimmedIds([...this.editor.nodes, ...this.editor.edges], s.authorFilter);
		// Cleared by setting '' rather than removeData: cytoscape restyles on data(key, value) but
		// not always on removeData, which left stale rings drawn.
		const set = (
			el: cytoscape.NodeSingular | cytoscape.EdgeSingular,
			key: string,
			value: unknown
		) => {
			const next = value === undefined || value === null || value === false ? '' : value;
			if ((el.data(key) ?? '') !== next) el.data(key, next);
		};
		this.cy.batch(() => {
			(only ?? this.cy).nodes('.node').forEach((n) => {
				const id = n.id();
				set(n, 'peerRing', marks.nodes.get(id)?.[0]?.colour);
				set(n, 'dim', dim.has(id));
				let fill: string | undefined;
				if (s.colourByAgreement) {
					const t = s.tallies.get(id);
					fill = t ? agreementColour(t.mean) : NO_VOTES_FILL;
				}
				set(n, 'agreeFill', fill);
				set(n, 'agreeText', fill ? textOn(fill) : undefined);
			});
			(only ?? this.cy).edges('[role = "edge"]').forEach((e) => {
				set(e, 'peerRing', marks.edges.get(e.id())?.[0]?.colour);
				set(e, 'dim', dim.has(e.id()));
			});
		});
	}

	/**
	 * Node badges (comments, votes) and peers' pointers in container pixels. Runs once per frame
	 * while the view moves, so its work is bounded by the badges and pointers, never by the map:
	 * only nodes with a comment or a vote are looked at, each box comes from the node's position and
	 * size (no style or label measurement), and the overlay's state is replaced only when it changed.
	 */
	private overlay(): void {
		const cy = this.cy;
		const counts = this.state.openCounts;
		const tallies = this.state.tallies;
		const w = cy.width();
		const h = cy.height();
		const zoom = cy.zoom();
		const pan = cy.pan();
		// Nodes with votes, then those with only comments (each once).
		const ids = [...tallies.keys()];
		for (const [key, n] of counts) {
			const id = key.slice(5);
			if (n > 0 && key.startsWith('node:') && !tallies.has(id)) ids.push(id);
		}
		const badges: NodeBadge[] = [];
		for (const id of ids) {
			const n = cy.getElementById(id);
			if (n.empty() || !n.hasClass('node') || n.data('foldHidden')) continue;
			const bb = renderedBox(n, zoom, pan);
			if (bb.x2 < 0 || bb.y2 < 0 || bb.x1 > w || bb.y1 > h) continue;
			badges.push({
				id,
				x: bb.x2,
				y: bb.y1,
				bottom: bb.y2,
				centre: (bb.x1 + bb.x2) / 2,
				comments: counts.get(`node:${id}`) ?? 0
			});
		}
		if (!sameRows(badges, this.state.badges)) this.state.badges = badges;
		const pointers: PointerView[] = [];
		for (const p of this.state.peers) {
			if (!p.pointer) continue;
			const x = p.pointer.x * zoom + pan.x;
			const y = p.pointer.y * zoom + pan.y;
			if (x < 0 || y < 0 || x > w || y > h) continue;
			pointers.push({ clientId: p.clientId, name: p.user.name, colour: p.user.colour, x, y });
		}
		if (!sameRows(pointers, this.state.pointers)) this.state.pointers = pointers;
	}

	/** For end-to-end tests: the decoration data of one element. */
	testHooks() {
		const cy = this.cy;
		return {
			peerRing: (id: string) => (cy.getElementById(id).data('peerRing') as string) || null,
			agreeFill: (id: string) => (cy.getElementById(id).data('agreeFill') as string) || null,
			dimmed: (id: string) => !!cy.getElementById(id).data('dim')
		};
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
	}
}
