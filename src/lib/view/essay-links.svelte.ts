/**
 * Links between the essay and the map (not share links, which are sync/access.ts), the reading side
 * of the editor: nodes made from selected text, anchors added and removed, sentences highlighted for
 * the hovered or selected nodes, coverage shading, the outline view and search. Reactive UI state
 * only: the controller (and through it cytoscape) and the write path are held in plain fields,
 * never in `$state`. Every change to the document goes through the editor's `DocWriter`.
 *
 * Teardown: `attach` returns the function that removes every listener it added.
 */
import type { EventObject, NodeSingular } from 'cytoscape';
import { getContext, setContext } from 'svelte';
import { anchorFromSelection } from '$lib/model/anchor';
import { coverageSummary } from '$lib/model/coverage';
import { addAnchor, addNode, removeAnchor } from '$lib/model/doc';
import type { Anchor, NodeKind } from '$lib/model/schema';
import { deleteSelection } from './commands';
import type { EditorController } from './controller';
import type { DocWriter } from './doc-writer';
import type { EditorState } from './editor-state.svelte';
import { coverageLevels } from './coverage-levels';
import { afterFrames } from './frame';
import { buildOutline, fullItemKey } from './outline';
import { RANK_GAP } from '$lib/drawing/placement';
import type { SentenceSpan } from './text-selection';

export type ReadingTab = 'text' | 'outline';

const CONTEXT = Symbol('warrant-essay-links');

/** Label text for a node made from a selection: the words, with line breaks as spaces. */
export function labelFromQuote(quote: string): string {
	return quote.replace(/\s+/g, ' ').trim();
}

export class EssayLinks {
	tab = $state<ReadingTab>('text');
	/** The text pane lists only the sentences no node anchors. */
	unmappedOnly = $state(false);
	/** The node under the pointer on the canvas. */
	hoveredNode = $state<string | null>(null);
	/** The text selected in the source pane, as source offsets, with where to show its menu. */
	menu = $state.raw<(SentenceSpan & { x: number; y: number }) | null>(null);
	/** Outline items folded away, by key. */
	// Replaced whole, never mutated: a plain set in raw state.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	collapsed = $state.raw<ReadonlySet<string>>(new Set());
	/** The outline item that has (or would get) keyboard focus. */
	activeItem = $state<string | null>(null);
	/** A sentence to bring into view (and focus), set by a jump; the source pane consumes it. */
	reveal = $state.raw<{ sentenceId: string; focus: boolean } | null>(null);
	/** Bumped to ask the search box to take focus (shortcut). */
	searchRequests = $state(0);
	/** Bumped to ask the outline to take focus. */
	outlineRequests = $state(0);

	private ctl: EditorController | null = null;
	private writer: DocWriter | null = null;

	constructor(readonly editor: EditorState) {}

	// Closures, so that the fields read `editor` only once it is set.
	readonly coverage = $derived.by(() => coverageLevels(this.editor.sentences, this.editor.nodes));
	readonly summary = $derived.by(() => coverageSummary(this.editor.sentences, this.editor.nodes));
	readonly outline = $derived.by(() => buildOutline(this.editor.nodes, this.editor.edges));
	/** Sentences of the hovered node. */
	readonly hoverSentences = $derived.by(() => {
		const n = this.hoveredNode ? this.editor.nodesById.get(this.hoveredNode) : undefined;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		return new Set(n ? n.anchors.map((a) => a.sentenceId) : []);
	});
	/** Sentences to highlight: those of the selected nodes and of the hovered one. */
	readonly highlighted = $derived.by(() => {
		if (this.hoverSentences.size === 0) return this.editor.anchoredSentences;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		return new Set([...this.editor.anchoredSentences, ...this.hoverSentences]);
	});

	/**
	 * The exact words the selected and hovered nodes quote, per sentence (source offsets), so the
	 * source pane marks them inside their highlighted sentences.
	 */
	readonly quotes = $derived.by(() => {
		const nodes = [...this.editor.selectedNodes];
		const hovered = this.hoveredNode ? this.editor.nodesById.get(this.hoveredNode) : undefined;
		if (hovered) nodes.push(hovered);
		// Rebuilt whole on each change and never mutated afterwards.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const out = new Map<string, Array<{ start: number; end: number }>>();
		for (const n of nodes)
			for (const a of n.anchors) {
				const list = out.get(a.sentenceId) ?? [];
				list.push({ start: a.start, end: a.end });
				out.set(a.sentenceId, list);
			}
		return out;
	});

	/** Shares this object with components below (the toolbar's search box). */
	provide(): this {
		setContext(CONTEXT, this);
		return this;
	}

	static from(): EssayLinks | undefined {
		return getContext<EssayLinks | undefined>(CONTEXT);
	}

	/** Connects to the map view once it exists; returns the teardown. */
	attach(ctl: EditorController, writer: DocWriter): () => void {
		this.ctl = ctl;
		this.writer = writer;
		const over = (e: { target: { id(): string } }) => (this.hoveredNode = e.target.id());
		const out = () => (this.hoveredNode = null);
		// cytoscape reports leaving a node only on a move it sees over the canvas: a pointer that leaves
		// the map in one fast move (onto the essay, the toolbar, out of the window) would keep the
		// highlight. The container's own leave always comes, and a move over the background ends it too.
		// Coming back onto that same node in one move, cytoscape (which still thinks the pointer is on
		// it) reports no new mouseover: a move over a node starts its hover too.
		const move = (e: EventObject) => {
			if (e.target === ctl.cy) return out();
			const target = e.target as NodeSingular;
			if (target.isNode() && target.is('node.node') && this.hoveredNode !== target.id())
				this.hoveredNode = target.id();
		};
		const container = ctl.cy.container();
		ctl.cy.on('mouseover', 'node.node', over);
		ctl.cy.on('mouseout', 'node.node', out);
		ctl.cy.on('mousemove', move);
		container?.addEventListener('pointerleave', out);
		return () => {
			ctl.cy.removeListener('mouseover', 'node.node', over);
			ctl.cy.removeListener('mouseout', 'node.node', out);
			ctl.cy.removeListener('mousemove', move);
			container?.removeEventListener('pointerleave', out);
			if (this.ctl === ctl) {
				this.ctl = null;
				this.writer = null;
			}
			this.hoveredNode = null;
		};
	}

	private anchorsFor(range: SentenceSpan): Anchor[] {
		const text = this.editor.meta?.source.text ?? '';
		return anchorFromSelection(text, this.editor.sentences, range.start, range.end);
	}

	/**
	 * Makes a node of `kind` from the selected words, anchored to them (one anchor per sentence), in
	 * one transaction; placed near the nodes anchored closest in the text. Returns its id.
	 */
	createNode(kind: NodeKind, range: SentenceSpan): string | null {
		const { ctl, writer } = this;
		const anchors = this.anchorsFor(range);
		if (!ctl || !writer || anchors.length === 0) return null;
		const text = this.editor.meta!.source.text;
		const at = ctl.freeSpotNear(this.spotNearText(ctl, range.start));
		const author = this.editor.user.name;
		const id = writer.write((doc, origin) =>
			addNode(
				doc,
				{
					kind,
					text: labelFromQuote(text.slice(anchors[0].start, anchors[anchors.length - 1].end)),
					x: Math.round(at.x * 10) / 10,
					y: Math.round(at.y * 10) / 10,
					anchors,
					author
				},
				origin
			)
		);
		if (!id) return null;
		this.menu = null;
		this.editor.newKind = kind;
		// The binding draws the node in the next frame (it scheduled its frame first): select it then.
		afterFrames(1, () => {
			if (this.ctl === ctl && ctl.cy.getElementById(id).nonempty()) ctl.select([id]);
		});
		return id;
	}

	/** Below the node anchored nearest to `offset` in the text, or the centre of the view. */
	private spotNearText(ctl: EditorController, offset: number): { x: number; y: number } {
		let best: { id: string; d: number } | null = null;
		for (const n of this.editor.nodes)
			for (const a of n.anchors) {
				const d = Math.abs(a.start - offset);
				if (!best || d < best.d) best = { id: n.id, d };
			}
		const near = best ? ctl.cy.getElementById(best.id) : null;
		if (near?.nonempty()) return { x: near.position().x, y: near.position().y + RANK_GAP };
		const ext = ctl.cy.extent();
		return { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
	}

	/** Adds the selected words as more anchors of the one selected node (one transaction). */
	addAnchors(nodeId: string, range: SentenceSpan): number {
		const anchors = this.anchorsFor(range);
		if (!this.writer || anchors.length === 0) return 0;
		const added = this.writer.write((doc, origin) => {
			for (const a of anchors) addAnchor(doc, nodeId, a, origin);
			return true;
		});
		if (!added) return 0;
		this.menu = null;
		this.editor.say(
			`Anchored to ${anchors.length} more passage${anchors.length === 1 ? '' : 's'}.`,
			'info'
		);
		return anchors.length;
	}

	removeAnchor(nodeId: string, anchor: Pick<Anchor, 'start' | 'end'>): void {
		const span = { start: anchor.start, end: anchor.end };
		this.writer?.write((doc, origin) => removeAnchor(doc, nodeId, span, origin));
	}

	/** Selects nodes on the canvas and brings them into view. */
	showNodes(nodeIds: string[]): void {
		this.ctl?.show(nodeIds);
	}

	/**
	 * Goes to a sentence in the text: shows the text, scrolls to the sentence, highlights it and the
	 * nodes anchored to it (selecting them, as a click on the sentence does).
	 */
	showSentence(sentenceId: string, focus = true): void {
		this.tab = 'text';
		this.unmappedOnly = false;
		if ((this.coverage.get(sentenceId) ?? 0) > 0) this.ctl?.focusSentence(sentenceId);
		else this.editor.focusedSentence = sentenceId;
		this.reveal = { sentenceId, focus };
	}

	/** The outline item to mark for the current canvas selection (its full item), if any. */
	itemForSelection(): string | null {
		const sel = this.editor.selection.nodes;
		return sel.length === 1 ? fullItemKey(this.outline, sel[0]) : null;
	}

	// Canvas commands, reused from the outline so both act the same.
	editNode(nodeId: string): void {
		this.ctl?.select([nodeId]);
		this.ctl?.edit(nodeId);
	}

	/** Deletes a node with the canvas's delete command (its edges go with it). */
	deleteNode(nodeId: string): void {
		this.writer?.write((doc, origin) =>
			deleteSelection(doc, { nodes: [nodeId], edges: [] }, origin)
		);
	}
}
