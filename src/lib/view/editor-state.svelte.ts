/**
 * The editor's reactive UI state, and the one place for each piece of it: who this person is, what
 * their link admits (and so whether they may write), the connection as the session reports it, the
 * own-change undo's stacks, and what the map shows. Plain data only: the Y.Doc, the provider and
 * cytoscape live in the editor (editor.svelte.ts) and its controller and are never wrapped in
 * `$state` (proxies would break their identity checks). They write here; components read.
 */
import type { MapView, Problem } from '$lib/model/read';
import { groupParagraphs } from '$lib/model/paragraphs';
import type { EdgeRecord, Meta, NodeKind, NodeRecord, Sentence } from '$lib/model/schema';
import type { AccessVia, Role } from '$lib/api/wire';
import type { Refusal } from '$lib/sync/access';
import { INITIAL_SESSION_STATE, type SessionState } from '$lib/sync/session';
import type { LocalUser } from '$lib/sync/user';
import type { ViewProblem } from '$lib/drawing/elements';
import { EMPTY_FOLDS, type FoldSummary } from './fold-view';

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

export type Message = { text: string; tone: 'error' | 'info' };

export class EditorState {
	/** The session's connection state (sync/session.ts owns it; mirrored here for the UI). */
	session = $state.raw<SessionState>(INITIAL_SESSION_STATE);
	/**
	 * Who is editing in this browser (sync/user.ts), the one copy: presence, the author of new
	 * records and the header read it. `named: true` until the browser's user is known, so that the
	 * name prompt does not flash.
	 */
	user = $state.raw<LocalUser>({ id: '', name: '', colour: '#52525b', named: true });
	/** 'checking' until /state answered (or could not be reached). */
	access = $state<'checking' | 'granted' | 'refused'>('checking');
	refusal = $state<Refusal | null>(null);
	/** What this page's link grants. */
	role = $state<Role>('editor');
	/** Whether the map has share links (then the Share dialog needs the edit token). */
	protectedMap = $state(false);
	/** The share token this page uses (from its URL, or the edit link it has just made). */
	token = $state<string | null>(null);
	/** What admitted this page: only `open` and `edit-link` may show or replace the links. */
	via = $state<AccessVia>('open');
	/** Set while this page replaces the map's links: the server's close of its old link is expected. */
	replacingLinks = $state(false);
	/**
	 * This page was on the map and its link stopped admitting it (protected without it, or the links
	 * were replaced): from the session, unless this page is the one replacing the links.
	 */
	readonly lostAccess = $derived(this.replacingLinks ? null : this.session.lost);
	/** Shown once the server says the map became protected while this page was on it (until OK). */
	protectedNotice = $state.raw<{ by: string | null } | null>(null);
	/** Who protected the map while this page was on it, as the server said (the Share dialog). */
	protectedBy = $state<string | null>(null);
	/** A refused page shows this browser's own copy of the map (IndexedDB), if it has one. */
	browserCopy = $state(false);
	/**
	 * Opened with a view link, refused, or lost its access: every write is refused (doc-writer.ts),
	 * and every control that would change the map is disabled.
	 */
	readonly readOnly = $derived(
		this.role === 'viewer' || this.access === 'refused' || this.lostAccess !== null
	);
	/** The page has no access (never had, or lost it): the access panel says why. */
	readonly noAccess = $derived(this.access === 'refused' || this.lostAccess !== null);
	/** This person's own-change undo (undo.ts). */
	canUndo = $state(false);
	canRedo = $state(false);
	/** The map does not exist on the server. */
	notFound = $state(false);
	/** First sync rendered and drawn (also exposed as `body[data-map-ready]`). */
	ready = $state(false);
	meta = $state.raw<Meta | null>(null);
	sentences = $state.raw<Sentence[]>([]);
	nodes = $state.raw<NodeRecord[]>([]);
	edgeCount = $state(0);
	/** Valid edges as read from the document (the outline view builds its tree from them). */
	edges = $state.raw<EdgeRecord[]>([]);
	problems = $state.raw<Array<Problem | (ViewProblem & { scope: 'view' })>>([]);
	selection = $state.raw<{ nodes: string[]; edges: string[] }>({ nodes: [], edges: [] });
	/** The node whose label is being edited, and where to put the textarea (page pixels). */
	editing = $state.raw<{ nodeId: string; box: Box; isNew: boolean } | null>(null);
	/** The drag handle for drawing an edge, on the hovered or selected node. */
	handle = $state.raw<{ nodeId: string; x: number; y: number } | null>(null);
	/** An edge just drawn between two nodes, waiting for its relation. */
	pendingEdge = $state.raw<{ from: string; to: string; x: number; y: number } | null>(null);
	/** True while an edge is being drawn. */
	drawing = $state(false);
	/** This person's folded branches: badges, how many nodes they hide (view/fold-view.ts). */
	folds = $state.raw<FoldSummary>(EMPTY_FOLDS);
	/**
	 * A connection started from the keyboard (C): the source node and the node aimed at (arrows or
	 * search move the aim, Enter asks for the relation, Esc cancels). Never both this and `drawing`.
	 */
	connecting = $state.raw<{ from: string; target: string | null } | null>(null);
	/** The pane shown on a narrow screen, where the essay and the map are tabs (wide: both). */
	pane = $state<'text' | 'map'>('map');
	/** The inspector's sheet is folded to one line (narrow screens; wide ones always show it open). */
	inspectorCollapsed = $state(false);
	/** The toolbar's overflow menu is open (narrow screens fold the tools into it). */
	toolsOpen = $state(false);
	message = $state.raw<Message | null>(null);
	helpOpen = $state(false);
	/** Names of the others on the map now (presence), for what concerns everyone (Auto layout). */
	othersHere = $state.raw<string[]>([]);
	/** Auto layout waits for "Lay out for everyone" (others are here). */
	layoutConfirm = $state(false);
	/**
	 * A layout runs in the layout worker (nodes without positions, Auto layout): the toolbar says
	 * "Laying out…" (also exposed as `body[data-laying-out]`).
	 */
	layingOut = $state(false);
	newKind = $state<NodeKind>('claim');
	/** Sentences whose nodes are highlighted (clicked in the source pane). */
	focusedSentence = $state<string | null>(null);

	// Rebuilt whole by $derived and never mutated, so plain collections are right here.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly nodesById = $derived(new Map(this.nodes.map((n) => [n.id, n])));
	readonly selectedNodes = $derived(
		this.selection.nodes.map((id) => this.nodesById.get(id)).filter((n): n is NodeRecord => !!n)
	);
	/** Sentence ids the selected nodes are anchored to. */
	readonly anchoredSentences = $derived(
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		new Set(this.selectedNodes.flatMap((n) => n.anchors.map((a) => a.sentenceId)))
	);
	/** Paragraphs of sentences, in order, for the source pane. */
	readonly paragraphs = $derived(groupParagraphs(this.sentences));

	private messageTimer: ReturnType<typeof setTimeout> | null = null;

	/**
	 * Shows the map as read from the document (the controller, on every render). Until the first,
	 * `meta` is null and the page shows what the server rendered (routes/map/[id]/+page.svelte).
	 */
	showView(view: MapView, edgeCount = view.edges.length, viewProblems: ViewProblem[] = []): void {
		this.meta = view.meta;
		this.sentences = view.sentences;
		this.nodes = view.nodes;
		this.edgeCount = edgeCount;
		this.edges = view.edges;
		this.problems = [
			...view.problems,
			...viewProblems.map((p) => ({ ...p, scope: 'view' as const }))
		];
	}

	say(text: string, tone: Message['tone'] = 'info'): void {
		this.message = { text, tone };
		if (this.messageTimer) clearTimeout(this.messageTimer);
		// Errors stay until dismissed or replaced; information fades.
		this.messageTimer = tone === 'info' ? setTimeout(() => (this.message = null), 4000) : null;
	}

	dismissMessage(): void {
		if (this.messageTimer) clearTimeout(this.messageTimer);
		this.messageTimer = null;
		this.message = null;
	}

	destroy(): void {
		if (this.messageTimer) clearTimeout(this.messageTimer);
		this.messageTimer = null;
	}
}
