/**
 * One map's editor: the one object that owns the session (sync/session.ts), the write path
 * (doc-writer.ts), the map view (controller.ts), the seminar features (presence, comments and
 * votes, decorations) and the own-change undo, and wires them to the page. The page creates it,
 * lays out the components over its state, calls `open` once mounted and `destroy` when it goes.
 *
 * Where each piece of state lives (one place each):
 * - who this person is: `state.user` (saved by sync/user.ts);
 * - what the link admits and so whether they may write: `state.access`, `state.role`,
 *   `state.readOnly`; the `DocWriter` refuses every write while it is read-only;
 * - the connection: `MapSession` (`current`, `subscribe`), mirrored into `state.session`;
 * - undo: `OwnUndo`, its stacks mirrored into `state.canUndo` / `state.canRedo`;
 * - the document: only the session's Y.Doc, changed only through `writer`.
 *
 * Reactive state is in the `*.svelte.ts` classes; the Y.Doc, the provider and cytoscape are held in
 * plain or `$state.raw` fields, never proxied.
 *
 * Teardown invariant: everything `open` starts (listeners, effects, frames, the session, cytoscape)
 * is released by `destroy()`, which is safe to call before `open` has finished.
 */
import { tokenFromUrl, withToken, type AccessResult } from '$lib/sync/access';
import { registerOfflineShell } from '$lib/sync/offline';
import { MapSession } from '$lib/sync/session';
import { localUser, saveUserName } from '$lib/sync/user';
import type { CommentTarget } from '$lib/model/schema';
import { CollabState, type CommentTargetRef } from './collab/collab-state.svelte';
import { DECORATION_STYLE } from './collab/decoration-style';
import { Decorations } from './collab/decorations.svelte';
import { Discussion } from './collab/discussion';
import { PresenceSync } from './collab/presence-sync';
import { EditorController } from './controller';
import { DocWriter } from './doc-writer';
import { EditorState } from './editor-state.svelte';
import { EssayLinks } from './essay-links.svelte';
import { commandForKey, isTypingTarget, type Command } from './keys';
import { OwnUndo } from './own-undo';
import { FrameTask } from './frame';
import { clearingPan, type Rect } from './keep-clear';

const VIEW_ONLY = 'View only: this link lets you read and follow the map, not change it.';

/** What the comment panel and threads do (the editor, once open). */
export interface CommentActions {
	comment(target: CommentTargetRef, body: string, parent?: string): boolean;
	resolve(rootId: string, resolved: boolean): void;
	deleteComment(id: string): void;
	jumpTo(type: CommentTarget, id: string): void;
}

export class Editor implements CommentActions {
	readonly state = new EditorState();
	/** Seminar features' reactive state (peers, comments, votes, panels, overlay). */
	readonly collab = new CollabState(this.state);
	/** Essay ↔ map links: selection to node, highlights, coverage, outline, search. */
	readonly essay = new EssayLinks(this.state);
	/** The map view, once cytoscape has started. */
	ctl = $state.raw<EditorController | null>(null);
	/** The one write path for the document, once the session exists. */
	writer = $state.raw<DocWriter | null>(null);

	private session: MapSession | null = null;
	private presence: PresenceSync | null = null;
	private discussion: Discussion | null = null;
	private undo: OwnUndo | null = null;
	private decorations: Decorations | null = null;
	private readonly offs: Array<() => void> = [];
	private destroyed = false;
	/** After the selection or the panels change: pan the selected nodes out from under the panels. */
	private readonly clearFrame = new FrameTask(() => this.keepSelectionClear());
	/** How many nodes this person's folds hide (changes far less often than `state.folds`). */
	private readonly foldedAway = $derived(this.state.folds.hidden);

	constructor(readonly mapId: string) {}

	/**
	 * Starts the editor in the browser: reads the person from storage, creates the session, asks
	 * nothing more of the server than `access` (the page's load started it), starts cytoscape in
	 * `container`, and connects once the access check says how. Returns `destroy`.
	 */
	open(container: HTMLElement, access: Promise<AccessResult>): () => void {
		performance.mark('warrant:mount');
		const state = this.state;
		state.user = localUser();
		const token = tokenFromUrl(location.href);
		state.token = token;
		// Connects once /state says what the link allows (or, offline, what it allowed last time).
		const session = new MapSession(this.mapId, {
			token,
			deferStart: true,
			authorId: state.user.id
		});
		this.session = session;
		const writer = new DocWriter(
			session.doc,
			{ canWrite: () => !state.readOnly, refuse: () => state.say(VIEW_ONLY) },
			// "Kept your node: Bea changed it" names the peer whose client id changed it.
			{
				nameOf: (client) => this.collab.peers.find((p) => p.clientId === client)?.user.name ?? null
			}
		);
		this.writer = writer;
		this.offs.push(session.subscribe((s) => (state.session = s)));
		this.presence = new PresenceSync(session.provider, state.user, this.collab, () =>
			this.decorations?.peersChanged()
		);
		this.discussion = new Discussion(writer, this.collab, () => state.user);
		this.undo = new OwnUndo(writer, state);
		this.offs.push(this.watchMissing(session, token));
		void access.then((r) => this.admit(r));
		EditorController.create(container, session, state, writer, DECORATION_STYLE).then(
			(c) => this.started(c, writer),
			(err: unknown) => state.say(`The map view could not start: ${String(err)}`, 'error')
		);
		this.offs.push(
			$effect.root(() => {
				$effect(() => {
					if (!state.ready) return;
					// Milliseconds since navigation start, for the benchmark (bench/ui.bench.ts).
					document.body.dataset.mapReadyAt = String(Math.round(performance.now()));
					document.body.dataset.mapReady = 'true';
				});
				$effect(() => {
					const title = state.meta?.title;
					document.title = title ? `${title} · Warrant` : 'Warrant';
				});
				$effect(() => {
					// The inspector opens (or changes size) with the selection; the fold bar with the folds.
					void state.selection;
					void this.foldedAway;
					if (this.ctl) this.clearFrame.schedule();
				});
				// Others see what this person selected and which sentence they are on.
				$effect(() => this.presence?.setSelection(state.selection, state.focusedSentence));
				$effect(() => {
					// Editors get the offline shell once the map is on screen (viewers never edit).
					if (state.ready && !state.readOnly && state.access === 'granted') registerOfflineShell();
				});
				$effect(() => {
					// While folds arrange the map for this person alone, a drag would move nodes that others
					// see elsewhere: nodes cannot be dragged then.
					this.ctl?.cy.autoungrabify(state.readOnly || state.folds.hidden > 0);
				});
				$effect(() => {
					state.othersHere = this.collab.peers.map((p) => p.user.name);
				});
			})
		);
		return () => this.destroy();
	}

	/** What the access check said: connect with that role, or say why not. */
	private admit(r: AccessResult): void {
		if (this.destroyed) return;
		const state = this.state;
		if (r.kind === 'missing') return this.notFound();
		if (r.kind === 'refused') {
			state.access = 'refused';
			state.refusal = r.reason;
			return;
		}
		state.access = 'granted';
		state.role = r.role;
		state.protectedMap = r.kind === 'granted' && r.protected;
		this.session?.start(r.role, r.kind === 'granted' ? { state: r.state } : {});
	}

	/** A map that does not exist makes every connection attempt fail: ask the API once why. */
	private watchMissing(session: MapSession, token: string | null): () => void {
		return session.subscribe((st) => {
			if (st.failures !== 1 || st.synced) return;
			fetch(withToken(`/api/maps/${encodeURIComponent(this.mapId)}`, token), {
				method: 'GET'
			}).then(
				(r) => {
					if (r.status === 404 && !this.destroyed) this.notFound();
				},
				() => {}
			);
		});
	}

	private notFound(): void {
		this.state.notFound = true;
		this.session?.provider.disconnect();
	}

	private started(ctl: EditorController, writer: DocWriter): void {
		performance.mark('warrant:cy-created');
		if (this.destroyed) return ctl.destroy();
		this.ctl = ctl;
		this.offs.push(() => ctl.destroy());
		// Pointers are shared in the map's stored coordinates: none while folds arrange this view.
		const decorations = new Decorations(ctl.cy, this.state, this.collab, (p) =>
			this.presence?.setPointer(ctl.folds.isArranged ? null : p)
		);
		this.decorations = decorations;
		this.offs.push(this.essay.attach(ctl, writer));
		const w = window as unknown as { __warrant?: unknown; __warrantCollab?: unknown };
		w.__warrantCollab = Object.freeze({
			link: () => ({ ...this.state.session.link }),
			people: () => this.collab.people.map((p) => p.name),
			...decorations.testHooks(),
			canUndo: () => this.undo?.canUndo ?? false,
			setOnline: (online: boolean) => this.setOnline(online)
		});
		w.__warrant = Object.freeze(ctl.testHooks());
		this.offs.push(() => {
			delete w.__warrant;
			delete w.__warrantCollab;
		});
	}

	/**
	 * The legend, the inspector and the fold bar never cover the selected nodes: when they do, the
	 * view pans by the shortest way that clears them (keep-clear.ts). Panels are marked with
	 * `data-map-panel` in the map's pane.
	 */
	private keepSelectionClear(): void {
		const cy = this.ctl?.cy;
		const container = cy?.container();
		const ids = this.state.selection.nodes;
		// Never while a label is typed or an edge drawn: the view must not move under the person.
		if (!cy || !container || ids.length === 0 || this.state.editing || this.state.drawing) return;
		const c = container.getBoundingClientRect();
		const panels: Rect[] = [];
		for (const el of container.parentElement?.querySelectorAll('[data-map-panel]') ?? []) {
			const r = el.getBoundingClientRect();
			if (r.width > 0 && r.height > 0)
				panels.push({
					x1: r.left - c.left,
					y1: r.top - c.top,
					x2: r.right - c.left,
					y2: r.bottom - c.top
				});
		}
		let els = cy.collection();
		for (const id of ids) els = els.union(cy.getElementById(id));
		if (els.empty()) return;
		const bb = els.renderedBoundingBox({ includeLabels: false });
		const pan = clearingPan(bb, panels, cy.width(), cy.height());
		if (pan) cy.panBy({ x: pan.dx, y: pan.dy });
	}

	/** For end-to-end tests: drop and restore the connection as a network loss would. */
	private setOnline(online: boolean): void {
		if (online) this.session?.provider.connect();
		else this.session?.provider.disconnect();
	}

	/** Runs a command of the keyboard table (keys.ts) or a button. */
	run(cmd: Command): void {
		if (cmd.type === 'undo' || cmd.type === 'redo') return this.undo?.run(cmd.type);
		this.ctl?.run(cmd);
	}

	/** The page's keys: the map's shortcuts, unless the person is typing or on a control. */
	onKeydown(e: KeyboardEvent): void {
		const state = this.state;
		if (!this.ctl || state.editing || isTypingTarget(e.target)) return;
		const cmd = commandForKey(e);
		if (!cmd) return;
		if (cmd.type !== 'undo' && cmd.type !== 'redo') {
			if (state.helpOpen && e.key !== 'Escape' && e.key !== '?') return;
			// Buttons and links keep their own Enter; everything else is the map's.
			const onControl = (e.target as HTMLElement | null)?.closest?.('button, a, [role="dialog"]');
			if (onControl && (e.key === 'Enter' || e.key === ' ')) return;
		}
		e.preventDefault();
		this.run(cmd);
	}

	/** Where this person's caret is in the label they edit (null: the editor closed), for the others. */
	setCaret(node: string, at: number | null): void {
		this.presence?.setCaret(at === null ? null : { node, at });
	}

	/** The person picked a name: saved, shown to everyone, written on new records. */
	pickName(name: string): void {
		const user = saveUserName(name);
		this.collab.namePickerOpen = false;
		this.state.user = user;
		this.presence?.setUser(user);
	}

	/** This page has just protected the map: it keeps working with the new edit token. */
	adoptEditToken(token: string): void {
		this.state.token = token;
		this.state.protectedMap = true;
		this.session?.adoptToken(token);
	}

	// --- comments and votes ------------------------------------------------------------------

	comment(target: CommentTargetRef, body: string, parent?: string): boolean {
		return this.discussion?.comment(target, body, parent) ?? false;
	}

	resolve(rootId: string, resolved: boolean): void {
		this.discussion?.resolve(rootId, resolved);
	}

	deleteComment(id: string): void {
		this.discussion?.deleteComment(id);
	}

	vote(nodeId: string, value: number | null): void {
		this.discussion?.vote(nodeId, value);
	}

	/** Shows a comment's target: selects the node or edge, or focuses the sentence. */
	jumpTo(type: CommentTarget, id: string): void {
		const ctl = this.ctl;
		if (!ctl) return;
		if (type === 'sentence') {
			ctl.focusSentence(id);
			document
				.querySelector(`[data-sentence="${CSS.escape(id)}"]`)
				?.scrollIntoView({ block: 'center' });
			return;
		}
		if (ctl.cy.getElementById(id).empty()) {
			this.state.say(`That ${type} no longer exists.`);
			return;
		}
		ctl.select([id]);
	}

	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		this.clearFrame.cancel();
		this.decorations?.destroy();
		this.discussion?.destroy();
		this.undo?.destroy();
		this.writer?.destroy();
		this.presence?.destroy();
		for (const off of this.offs.splice(0).reverse()) off();
		delete document.body.dataset.mapReady;
		delete document.body.dataset.mapReadyAt;
		this.session?.destroy();
		this.state.destroy();
	}
}
