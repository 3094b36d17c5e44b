/**
 * The seminar features' imperative side, next to the editor controller: awareness (who is here,
 * their selection, sentence and pointer), comment and vote reading and writing, own-change undo,
 * the connection state with changes waiting, and the cytoscape decorations (peers' rings, colour by
 * agreement, dimming by author). Browser only.
 *
 * Decorations live in element *data* (`peerRing`, `agreeFill`, `agreeText`, `dim`; '' when off)
 * read by the style rules of `decoration-style.ts`, which the page gives cytoscape with the editor's own
 * stylesheet: the binding merges its data into elements and replaces their classes, so data set here
 * survives its updates, and nothing here is written to the document.
 *
 * Teardown invariant: every listener, observer, effect, frame and timer started here is released by
 * `destroy()` (registered in `offs`).
 */
import type cytoscape from 'cytoscape';
import * as Y from 'yjs';
import { getCommentsMap, getVotesMap } from '$lib/model/doc';
import {
	addComment,
	deleteOwnComment,
	readThreads,
	setThreadResolved,
	type Author
} from '$lib/model/comments';
import type { CommentTarget } from '$lib/model/schema';
import { createUndoManager } from '$lib/model/undo';
import { castVote, readVotes } from '$lib/model/votes';
import { PendingChanges, registerOfflineShell } from '$lib/sync/offline';
import { PointerThrottle, readPeers, type PresenceState } from '$lib/sync/presence';
import type { MapSession } from '$lib/sync/session';
import type { LocalUser } from '$lib/sync/user';
import type { EditorController } from '../controller';
import type { EditorState } from '../editor-state.svelte';
import { NO_VOTES_FILL, agreementColour, textOn } from './agreement';
import { dimmedIds } from './authorship';
import type { CollabState, CommentTargetRef, NodeBadge, PointerView } from './collab-state.svelte';

export class Collaboration {
	private readonly doc: Y.Doc;
	private readonly cy: cytoscape.Core;
	private readonly undo: Y.UndoManager;
	private readonly throttle: PointerThrottle;
	private readonly pending = new PendingChanges();
	private readonly offs: Array<() => void> = [];
	private dataFrame = 0;
	private paintFrame = 0;
	private overlayFrame = 0;
	private destroyed = false;
	private presence: PresenceState;

	constructor(
		private readonly session: MapSession,
		private readonly ctl: EditorController,
		private readonly editor: EditorState,
		private readonly state: CollabState,
		private user: LocalUser
	) {
		this.doc = session.doc;
		this.cy = ctl.cy;
		this.presence = {
			user: { id: user.id, name: user.name, colour: user.colour },
			selection: { nodes: [], edges: [] },
			sentence: null,
			pointer: null
		};
		state.me = this.presence.user;
		this.throttle = new PointerThrottle((pointer) => this.publish({ pointer }));
		this.undo = createUndoManager(this.doc, ctl.origin);
		this.watchAwareness();
		this.watchDocument();
		this.watchLink();
		this.watchUndo();
		this.watchCy();
		this.offs.push(
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
					this.schedulePaint();
				});
				$effect(() => {
					this.cy.autoungrabify(this.state.readOnly);
				});
				$effect(() => {
					// Editors get the offline shell once the map is on screen (viewers never edit).
					if (this.editor.ready && !this.state.readOnly && this.state.access === 'granted')
						registerOfflineShell();
				});
			})
		);
		this.publish({});
	}

	// --- presence ------------------------------------------------------------------------------

	private publish(patch: Partial<PresenceState>): void {
		if (this.destroyed) return;
		this.presence = { ...this.presence, ...patch };
		this.session.provider.awareness.setLocalState(this.presence);
	}

	/** The local selection and focused sentence, shown to the others (only when changed). */
	setSelection(sel: { nodes: string[]; edges: string[] }, sentence: string | null): void {
		const cur = this.presence;
		const same = (a: string[], b: string[]) =>
			a.length === b.length && a.every((x, i) => x === b[i]);
		if (
			same(cur.selection.nodes, sel.nodes) &&
			same(cur.selection.edges, sel.edges) &&
			cur.sentence === sentence
		)
			return;
		this.publish({ selection: { nodes: [...sel.nodes], edges: [...sel.edges] }, sentence });
	}

	/** After the person picked a name: everyone sees it, new records carry it. */
	rename(user: LocalUser): void {
		this.user = user;
		this.ctl.user.name = user.name;
		this.publish({ user: { id: user.id, name: user.name, colour: user.colour } });
		this.state.me = this.presence.user;
	}

	private watchAwareness(): void {
		const aw = this.session.provider.awareness;
		const onChange = () => {
			this.state.peers = readPeers(aw.getStates(), aw.clientID);
			this.scheduleOverlay();
		};
		aw.on('change', onChange);
		this.offs.push(() => aw.off('change', onChange));
		onChange();
	}

	// --- document: comments and votes ----------------------------------------------------------

	private watchDocument(): void {
		const comments = getCommentsMap(this.doc);
		const votes = getVotesMap(this.doc);
		const onChange = () => this.scheduleRead();
		comments.observeDeep(onChange);
		votes.observe(onChange);
		this.offs.push(
			() => comments.unobserveDeep(onChange),
			() => votes.unobserve(onChange)
		);
		this.read();
	}

	private scheduleRead(): void {
		if (this.dataFrame || this.destroyed) return;
		this.dataFrame = requestAnimationFrame(() => {
			this.dataFrame = 0;
			this.read();
		});
	}

	private read(): void {
		this.state.threads = readThreads(this.doc);
		this.state.votes = readVotes(this.doc);
	}

	private get author(): Author {
		return { id: this.user.id, name: this.user.name };
	}

	private writable(): boolean {
		if (!this.state.readOnly) return true;
		this.editor.say('View only: this link lets you read and follow the map, not change it.');
		return false;
	}

	comment(target: CommentTargetRef, body: string, parent?: string): boolean {
		if (!this.writable()) return false;
		const id = addComment(
			this.doc,
			{ targetType: target.type, targetId: target.id, body, parent, author: this.author },
			this.ctl.origin
		);
		return id !== null;
	}

	resolve(rootId: string, resolved: boolean): void {
		if (this.writable()) setThreadResolved(this.doc, rootId, resolved, this.ctl.origin);
	}

	deleteComment(id: string): void {
		if (this.writable()) deleteOwnComment(this.doc, id, this.user.id, this.ctl.origin);
	}

	vote(nodeId: string, value: number | null): void {
		if (this.writable()) castVote(this.doc, nodeId, this.author, value, this.ctl.origin);
	}

	/** Shows a comment's target: selects the node or edge, or focuses the sentence. */
	jumpTo(type: CommentTarget, id: string): void {
		if (type === 'sentence') {
			this.ctl.focusSentence(id);
			document
				.querySelector(`[data-sentence="${CSS.escape(id)}"]`)
				?.scrollIntoView({ block: 'center' });
			return;
		}
		if (this.cy.getElementById(id).empty()) {
			this.editor.say(`That ${type} no longer exists.`);
			return;
		}
		this.ctl.select([id]);
	}

	// --- undo ----------------------------------------------------------------------------------

	private watchUndo(): void {
		const um = this.undo;
		const onStack = () => {
			this.state.canUndo = um.canUndo();
			this.state.canRedo = um.canRedo();
		};
		um.on('stack-item-added', onStack);
		um.on('stack-item-popped', onStack);
		um.on('stack-cleared', onStack);
		this.offs.push(
			() => um.off('stack-item-added', onStack),
			() => um.off('stack-item-popped', onStack),
			() => um.off('stack-cleared', onStack),
			() => um.destroy()
		);
	}

	undoRedo(action: 'undo' | 'redo'): void {
		if (this.state.readOnly) return;
		const um = this.undo;
		if (action === 'undo' ? !um.canUndo() : !um.canRedo()) {
			this.editor.say(action === 'undo' ? 'Nothing of yours to undo.' : 'Nothing to redo.');
			return;
		}
		if (action === 'undo') um.undo();
		else um.redo();
	}

	// --- connection ----------------------------------------------------------------------------

	private watchLink(): void {
		const p = this.session.provider;
		const publish = () => (this.state.link = this.pending.snapshot);
		const onStatus = ({ status }: { status: string }) => {
			this.pending.status(status === 'connected');
			publish();
			// When this page dropped off, the server removed its presence for the others with the
			// next clock; coming back with the same state and clock would be ignored by them until
			// the 15 s renewal. Two bumps make the state newer than that removal.
			if (status === 'connected') {
				this.publish({});
				this.publish({});
			} else this.forgetPeers();
		};
		const onSync = (synced: boolean) => {
			this.pending.sync(synced);
			publish();
		};
		const onError = () => {
			this.pending.attemptFailed();
			publish();
		};
		const onTransaction = (tr: Y.Transaction) => {
			if (!tr.local || tr.changed.size === 0) return;
			const before = this.state.link.pending;
			this.pending.transaction(true, true);
			if (this.pending.snapshot.pending !== before) publish();
		};
		p.on('status', onStatus);
		p.on('sync', onSync);
		p.on('connection-error', onError);
		this.doc.on('afterTransaction', onTransaction);
		this.offs.push(
			() => p.off('status', onStatus),
			() => p.off('sync', onSync),
			() => p.off('connection-error', onError),
			() => this.doc.off('afterTransaction', onTransaction)
		);
		this.pending.status(p.wsconnected);
		this.pending.sync(p.synced);
		publish();
	}

	/**
	 * The provider removes the others' presence when the connection drops, recording their clocks
	 * one ahead; the server then re-sends their unchanged states on reconnection, which that clock
	 * would reject until each peer renews (15 s). Forgetting the removed clients' clocks accepts them.
	 */
	private forgetPeers(): void {
		const aw = this.session.provider.awareness;
		for (const id of [...aw.meta.keys()])
			if (id !== aw.clientID && !aw.getStates().has(id)) aw.meta.delete(id);
	}

	/** For end-to-end tests: drop and restore the connection as a network loss would. */
	setOnline(online: boolean): void {
		if (online) this.session.provider.connect();
		else this.session.provider.disconnect();
	}

	// --- cytoscape: pointer, decorations, overlay ------------------------------------------------

	private watchCy(): void {
		const cy = this.cy;
		const onMove = (e: cytoscape.EventObject) => this.throttle.update(e.position);
		const onLeave = () => this.throttle.update(null);
		const onViewport = () => this.scheduleOverlay();
		const onAdd = () => {
			this.schedulePaint();
			this.scheduleOverlay();
		};
		cy.on('mousemove', onMove);
		cy.on('viewport position', onViewport);
		cy.on('add remove', onAdd);
		const container = cy.container();
		container?.addEventListener('mouseleave', onLeave);
		const resize = new ResizeObserver(() => this.scheduleOverlay());
		if (container) resize.observe(container);
		this.offs.push(
			() => cy.removeListener('mousemove', onMove),
			() => cy.removeListener('viewport position', onViewport),
			() => cy.removeListener('add remove', onAdd),
			() => container?.removeEventListener('mouseleave', onLeave),
			() => resize.disconnect(),
			() => this.throttle.destroy()
		);
	}

	private schedulePaint(): void {
		if (this.paintFrame || this.destroyed) return;
		this.paintFrame = requestAnimationFrame(() => {
			this.paintFrame = 0;
			this.paint();
			this.scheduleOverlay();
		});
	}

	/** Writes the decoration data onto the elements, changing only what differs. */
	private paint(): void {
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
			this.cy.nodes('.node').forEach((n) => {
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
			this.cy.edges('[role = "edge"]').forEach((e) => {
				set(e, 'peerRing', marks.edges.get(e.id())?.[0]?.colour);
				set(e, 'dim', dim.has(e.id()));
			});
		});
	}

	private scheduleOverlay(): void {
		if (this.overlayFrame || this.destroyed) return;
		this.overlayFrame = requestAnimationFrame(() => {
			this.overlayFrame = 0;
			this.overlay();
		});
	}

	/** Node badges (comments) and peers' pointers in container pixels. */
	private overlay(): void {
		const cy = this.cy;
		const counts = this.state.openCounts;
		const badges: NodeBadge[] = [];
		const w = cy.width();
		const h = cy.height();
		cy.nodes('.node').forEach((n) => {
			const id = n.id();
			const comments = counts.get(`node:${id}`) ?? 0;
			if (comments === 0 && !this.state.tallies.has(id)) return;
			const bb = n.renderedBoundingBox({ includeLabels: false });
			if (bb.x2 < 0 || bb.y2 < 0 || bb.x1 > w || bb.y1 > h) return;
			badges.push({
				id,
				x: bb.x2,
				y: bb.y1,
				bottom: bb.y2,
				centre: (bb.x1 + bb.x2) / 2,
				comments
			});
		});
		this.state.badges = badges;
		const zoom = cy.zoom();
		const pan = cy.pan();
		const pointers: PointerView[] = [];
		for (const p of this.state.peers) {
			if (!p.pointer) continue;
			const x = p.pointer.x * zoom + pan.x;
			const y = p.pointer.y * zoom + pan.y;
			if (x < 0 || y < 0 || x > w || y > h) continue;
			pointers.push({ clientId: p.clientId, name: p.user.name, colour: p.user.colour, x, y });
		}
		this.state.pointers = pointers;
	}

	/** For end-to-end tests (`window.__warrantCollab`): read-only views plus the network switch. */
	testHooks() {
		return {
			link: () => ({ ...this.state.link }),
			people: () => this.state.people.map((p) => p.name),
			peerRing: (id: string) => (this.cy.getElementById(id).data('peerRing') as string) || null,
			agreeFill: (id: string) => (this.cy.getElementById(id).data('agreeFill') as string) || null,
			dimmed: (id: string) => !!this.cy.getElementById(id).data('dim'),
			canUndo: () => this.undo.canUndo(),
			setOnline: (online: boolean) => this.setOnline(online)
		};
	}

	destroy(): void {
		this.destroyed = true;
		for (const f of [this.dataFrame, this.paintFrame, this.overlayFrame])
			if (f) cancelAnimationFrame(f);
		for (const off of this.offs.splice(0)) off();
	}
}
