/**
 * The editor's reactive UI state. Plain data only: the Y.Doc, the provider and cytoscape live in
 * the controller and are never wrapped in `$state` (proxies would break their identity checks).
 * The controller writes here; components read and call controller methods.
 */
import type { MapView, Problem } from '$lib/model/read';
import { groupParagraphs } from '$lib/model/paragraphs';
import type { EdgeRecord, Meta, NodeKind, NodeRecord, Sentence } from '$lib/model/schema';
import type { SessionState } from '$lib/sync/session';
import type { ViewProblem } from '$lib/drawing/elements';

export interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}

export type Message = { text: string; tone: 'error' | 'info' };

export class EditorState {
	session = $state<SessionState>({
		status: 'connecting',
		synced: false,
		closedReason: null,
		peers: 0,
		failures: 0
	});
	/** Opened with a view link: editing gestures are refused (set from the access check). */
	readOnly = $state(false);
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
	message = $state.raw<Message | null>(null);
	helpOpen = $state(false);
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
	 * Shows the map as read from the document: by the controller on every render, and by the page
	 * before the first one (from the server's state, also while rendering on the server).
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
