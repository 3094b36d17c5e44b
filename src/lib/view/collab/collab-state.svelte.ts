/**
 * Reactive state of the seminar features: who else is here, comments, votes, their panels and
 * filters, and the decorations' overlay. Plain data only; presence.ts, discussion.ts and
 * decorations.svelte.ts write here. Who this person is, what their link admits, the connection and
 * undo are the editor's (`editor`, editor-state.svelte.ts), read from there.
 */
import type { Thread } from '$lib/model/comments';
import { openThreadCounts } from '$lib/model/comments';
import type { CommentTarget, VoteRecord } from '$lib/model/schema';
import { tallyVotes } from '$lib/model/votes';
import { peerMarks, peopleOf, type Peer } from '$lib/sync/presence';
import type { EditorState } from '../editor-state.svelte';
import { authorsOf } from './authorship';

export interface NodeBadge {
	id: string;
	/** Rendered (container) pixels of the node's top-right and bottom-centre. */
	x: number;
	y: number;
	bottom: number;
	centre: number;
	comments: number;
}

export interface PointerView {
	clientId: number;
	name: string;
	colour: string;
	x: number;
	y: number;
}

export interface CommentTargetRef {
	type: CommentTarget;
	id: string;
}

export class CollabState {
	/** The rename dialog is open. */
	namePickerOpen = $state(false);
	peers = $state.raw<Peer[]>([]);
	threads = $state.raw<Thread[]>([]);
	votes = $state.raw<VoteRecord[]>([]);
	colourByAgreement = $state(false);
	/** The person whose contributions stand out (`authorKey`: participant id or `name:…`), or null. */
	authorFilter = $state<string | null>(null);
	panelOpen = $state(false);
	commentFilter = $state<'open' | 'resolved'>('open');
	shareOpen = $state(false);
	badges = $state.raw<NodeBadge[]>([]);
	pointers = $state.raw<PointerView[]>([]);

	/** First visit: the header asks for a name (inline, without blocking the map). */
	readonly needsName = $derived.by(() => !this.editor.user.named);
	readonly people = $derived.by(() => peopleOf(this.editor.user, this.peers));
	readonly marks = $derived(peerMarks(this.peers));
	readonly openCounts = $derived(openThreadCounts(this.threads));
	readonly tallies = $derived(tallyVotes(this.votes));
	/** This person's vote per node. */
	readonly myVotes = $derived(
		// Rebuilt whole and never mutated.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		new Map(
			this.votes.filter((v) => v.voterId === this.editor.user.id).map((v) => [v.nodeId, v.value])
		)
	);
	/** Open sentence threads, for the source pane's badges. */
	readonly sentenceCounts = $derived.by(() => {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const out = new Map<string, number>();
		for (const [key, n] of this.openCounts)
			if (key.startsWith('sentence:')) out.set(key.slice('sentence:'.length), n);
		return out;
	});
	readonly authors = $derived.by(() =>
		authorsOf(
			this.editor.nodes,
			this.editor.edges,
			this.threads.flatMap((t) => [t.root, ...t.replies])
		)
	);
	/** What a new comment would hang on: the focused sentence, one selected node, one edge. */
	readonly targets = $derived.by(() => {
		const out: CommentTargetRef[] = [];
		const sel = this.editor.selection;
		if (this.editor.focusedSentence)
			out.push({ type: 'sentence', id: this.editor.focusedSentence });
		if (sel.nodes.length === 1) out.push({ type: 'node', id: sel.nodes[0] });
		if (sel.edges.length === 1 && sel.nodes.length === 0)
			out.push({ type: 'edge', id: sel.edges[0] });
		return out;
	});

	constructor(readonly editor: EditorState) {}

	/** A short human name for a comment's target. */
	describe(t: CommentTargetRef): string {
		if (t.type === 'node') {
			const n = this.editor.nodesById.get(t.id);
			return n ? `“${clip(n.text || '(no text)')}”` : 'a deleted node';
		}
		if (t.type === 'sentence') {
			const s = this.editor.sentences.find((x) => x.id === t.id);
			return s ? `sentence “${clip(s.text)}”` : 'a sentence';
		}
		const e = this.editor.edges.find((x) => x.id === t.id);
		if (!e) return 'a deleted edge';
		const from = this.editor.nodesById.get(e.from)?.text ?? '…';
		return `edge from “${clip(from, 30)}” (${e.relation})`;
	}
}

function clip(s: string, max = 50): string {
	const one = s.replace(/\s+/g, ' ').trim();
	return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
