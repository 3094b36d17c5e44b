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
import type { ShareLinks } from '$lib/api/wire';
import type { ServerNotice } from '$lib/api/notice';
import {
	accessNow,
	currentLinks,
	shareLinks,
	tokenFromUrl,
	type AccessResult
} from '$lib/sync/access';
import { registerOfflineShell } from '$lib/sync/offline';
import { MapSession } from '$lib/sync/session';
import { localUser, saveUserName } from '$lib/sync/user';
import type { CommentTarget } from '$lib/model/schema';
import { CollabState, type CommentTargetRef } from './collab/collab-state.svelte';
import { DECORATION_STYLE } from './collab/decoration-style';
import { Decorations } from './collab/decorations.svelte';
import { Discussion } from './collab/discussion';
import { PresenceSync } from './collab/presence-sync';
import { EditorController, WARM_WORKER_FROM_NODES } from './controller';
import { opensFolded } from './fold-view';
import { preloadLayoutEngine, preloadLayoutEngineWhenIdle } from './layout-engine';
import { prestartLayoutWorker } from './layout-runner';
import { readFirstArrangement, type FirstArrangement } from '$lib/drawing/fold-arrangement';
import { getNodesMap } from '$lib/model/doc';
import { DocWriter } from './doc-writer';
import { EditorState } from './editor-state.svelte';
import { EssayLinks } from './essay-links.svelte';
import { commandForKey, isTypingTarget, type Command } from './keys';
import { OwnUndo } from './own-undo';
import { FrameTask } from './frame';
import { clearingPan, type Rect } from './keep-clear';

const VIEW_ONLY = 'View only: this link lets you read and follow the map, not change it.';

/**
 * The browser copy of a map opened with the server's state waits for the map to be ready, but never
 * longer than this (a map that never gets there still keeps its changes in the browser).
 */
const COPY_WAIT_MAX_MS = 30_000;

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
	/** The server's arrangement of the default folds sent with the page, if it reads as one. */
	private sent: FirstArrangement | null = null;
	private presence: PresenceSync | null = null;
	private discussion: Discussion | null = null;
	private undo: OwnUndo | null = null;
	private decorations: Decorations | null = null;
	private readonly offs: Array<() => void> = [];
	private destroyed = false;
	/** While this page's own request to protect the map is under way (its notice is not news). */
	private protecting = false;
	/** After the selection or the panels change: pan the selected nodes out from under the panels. */
	private readonly clearFrame = new FrameTask(() => this.keepSelectionClear());
	/** How many nodes this person's folds hide (changes far less often than `state.folds`). */
	private readonly foldedAway = $derived(this.state.folds.hidden);

	/** Resolves the promise `drawnOrLater` hands out, once the map is ready. */
	private onReady: () => void = () => {};

	constructor(readonly mapId: string) {}

	/**
	 * Resolves once the map is ready (laid out and drawn), or after `COPY_WAIT_MAX_MS` at most: the
	 * browser copy (session.ts) opens then, outside a large map's opening work.
	 */
	private drawnOrLater(): Promise<void> {
		return new Promise((resolve) => {
			this.onReady = resolve;
			const timer = setTimeout(resolve, COPY_WAIT_MAX_MS);
			this.offs.push(() => clearTimeout(timer));
		});
	}

	/**
	 * Starts the editor in the browser: reads the person from storage, creates the session, asks
	 * nothing more of the server than `access` (the page's load started it), starts cytoscape in
	 * `container`, and connects once the access check says how. Returns `destroy`.
	 */
	open(
		container: HTMLElement,
		access: Promise<AccessResult>,
		/** The server's arrangement of the map's default folds, from the page's data (unchecked). */
		sentArrangement: unknown = null
	): () => void {
		performance.mark('warrant:mount');
		this.sent = readFirstArrangement(sentArrangement);
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
		this.offs.push(this.watchAccess(session));
		this.offs.push(session.onNotice((n) => this.noticed(n)));
		void access.then((r) => this.admit(r));
		EditorController.create(container, session, state, writer, DECORATION_STYLE, this.sent).then(
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
					this.onReady();
				});
				$effect(() => {
					// The first view was drawn with the server's arrangement and no layout engine: the
					// engine (for the next fold) loads once the page is idle.
					if (state.ready && this.sent) preloadLayoutEngineWhenIdle();
				});
				$effect(() => {
					if (state.layingOut) document.body.dataset.layingOut = 'true';
					else delete document.body.dataset.layingOut;
				});
				$effect(() => {
					const title = state.meta?.title;
					document.title = title ? `${title} · Warrant` : 'Warrant';
				});
				$effect(() => {
					// The inspector opens (or changes size) with the selection and when its sheet is folded or
					// unfolded; the fold bar with the folds; the connect bar with aiming.
					void state.selection;
					void state.inspectorCollapsed;
					void state.connecting;
					void this.foldedAway;
					if (this.ctl) this.clearFrame.schedule();
				});
				// Others see what this person selected and which sentence they are on.
				$effect(() => this.presence?.setSelection(state.selection, state.focusedSentence));
				$effect(() => {
					// Editors get the offline shell once the map is on screen (viewers never edit), and edge
					// drawing, which the first view does not need, when the page is next idle.
					if (!state.ready || state.readOnly || state.access !== 'granted') return;
					registerOfflineShell();
					this.ctl?.prepareDrawingWhenIdle();
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
			state.protectedMap = true;
			// This browser's own copy, if it edited the map before: shown read-only, with the changes
			// that never reached the server, so that they can be downloaded.
			void this.session?.showBrowserCopy().then((has) => {
				if (!this.destroyed) state.browserCopy = has;
			});
			return;
		}
		state.access = 'granted';
		state.role = r.role;
		state.protectedMap = r.kind === 'granted' && r.protected;
		if (r.kind === 'granted') state.via = r.via;
		this.session?.start(
			r.role,
			r.kind === 'granted' ? { state: r.state, copyAfter: this.drawnOrLater() } : {}
		);
		// A map that opens folded arranges its main lines on the page as it is first drawn: the
		// layout engine loads now, beside cytoscape, so that the first frame is drawn arranged. Not
		// when the page brought the server's arrangement (most first visits of a large map): then
		// only if it does not fit, when the arrangement asks for the engine itself.
		const doc = this.session?.doc;
		if (!this.sent && doc && opensFolded(this.mapId, getNodesMap(doc).size)) {
			preloadLayoutEngine();
			// A large one arranges its first view in the layout worker: started now, while the page
			// is still free to start it (controller.ts, WARM_WORKER_FROM_NODES).
			if (getNodesMap(doc).size >= WARM_WORKER_FROM_NODES) prestartLayoutWorker();
		}
	}

	/**
	 * A refused reconnect (the server answers the upgrade with 401/403, or 404 for a deleted map) is
	 * only a failed attempt to the websocket client, which would retry for ever: after each failed
	 * attempt, ask the API why. A refusal ends the session for good and says so; a missing map says
	 * that; a server that cannot be reached is just offline.
	 */
	private watchAccess(session: MapSession): () => void {
		let seen = 0;
		return session.subscribe((st) => {
			const failures = st.failures;
			if (failures <= seen) {
				seen = failures;
				return;
			}
			seen = failures;
			if (st.lost) return;
			void accessNow(this.mapId, this.state.token).then((answer) => {
				if (this.destroyed || this.state.replacingLinks) return;
				if (answer === 'missing') this.notFound();
				else if (answer === 'token-invalid') session.loseAccess(answer);
				else if (answer === 'token-required')
					// Kept on an already protected map by a grant, and now no token will do: the links
					// were replaced (which ends grants). Refused on an open map: it was protected meanwhile.
					session.loseAccess(this.state.protectedMap ? 'token-invalid' : 'token-required');
			});
		});
	}

	/** The server's word while this page is on the map. */
	private noticed(n: ServerNotice): void {
		const state = this.state;
		if (n.notice !== 'protected') return;
		state.protectedMap = true;
		// The page that protected it holds the edit link; the notice is for the others.
		if (this.protecting || state.via === 'edit-link') return;
		state.via = 'grant';
		state.protectedBy = n.by;
		state.protectedNotice = { by: n.by };
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
	 * The legend, the inspector, the fold bar and the connect bar never cover the selected nodes (or,
	 * while aiming a connection, the node aimed at): when they do, the view pans by the shortest way
	 * that clears them (keep-clear.ts). Panels are marked with `data-map-panel` in the map's pane.
	 */
	private keepSelectionClear(): void {
		const cy = this.ctl?.cy;
		const container = cy?.container();
		// While a connection is aimed from the keyboard, the node aimed at is the one to see.
		const target = this.state.connecting?.target;
		const ids = target ? [target] : this.state.selection.nodes;
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

	// --- share links -------------------------------------------------------------------------

	/**
	 * Protects the open map: the server makes the links and keeps everyone on the map now editing
	 * (editor grants); this page carries on with the edit link. Resolves with the links.
	 */
	async protect(): Promise<ShareLinks> {
		this.protecting = true;
		try {
			const links = await shareLinks(this.mapId, this.state.token, { by: this.state.user.name });
			this.adoptEditLink(links, false);
			return links;
		} finally {
			this.protecting = false;
		}
	}

	/** The links again, for the edit link's holder: changes nothing. */
	links(): Promise<ShareLinks> {
		const token = this.state.token;
		if (!token || this.state.via !== 'edit-link')
			return Promise.reject(new Error('only the edit link can show the links'));
		return currentLinks(this.mapId, token);
	}

	/**
	 * Replaces both links: the old ones, and every editor grant, stop at once (the others' pages say
	 * so). This page reconnects with the new edit link; the server's close of its old connection is
	 * expected meanwhile and not shown as lost access.
	 */
	async replaceLinks(): Promise<ShareLinks> {
		const state = this.state;
		state.replacingLinks = true;
		try {
			const links = await shareLinks(this.mapId, state.token, { rotate: true });
			this.adoptEditLink(links, true);
			return links;
		} finally {
			state.replacingLinks = false;
		}
	}

	private adoptEditLink(links: ShareLinks, reconnect: boolean): void {
		const token = tokenFromUrl(links.editUrl);
		const state = this.state;
		state.protectedMap = true;
		if (!token) return;
		state.token = token;
		state.via = 'edit-link';
		this.session?.adoptToken(token, { reconnect });
	}

	/**
	 * Saves what this page holds of the map (with any changes the server never received) as a
	 * warrant-map file, under a new id so that importing it makes a new map beside the original.
	 */
	async downloadCopy(): Promise<void> {
		const doc = this.session?.doc;
		if (!doc) return;
		const [{ docToFile }, { exportMap }, { download }, { exportFileName }] = await Promise.all([
			import('$lib/model/mapfile'),
			import('$lib/formats/export'),
			import('$lib/export/run'),
			import('$lib/export/filename')
		]);
		// A new map id (a-z, 0-9, -; at most 64): the original's, "copy" and the moment in base 36.
		const file = docToFile(doc, `${this.mapId.slice(0, 40)}-copy-${Date.now().toString(36)}`);
		const out = exportMap(file, 'json');
		const title = this.state.meta?.title ?? this.mapId;
		download(
			new Blob([out.body], { type: out.mime }),
			exportFileName(`${title} (my copy)`, out.ext)
		);
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
		delete document.body.dataset.layingOut;
		delete document.body.dataset.mapReadyAt;
		this.session?.destroy();
		this.state.destroy();
	}
}
