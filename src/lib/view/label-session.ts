/**
 * Editing one node's label in place. The textarea is bound live to the node's Y.Text: each input
 * is spliced into it (`setNodeText`, smallest change, so concurrent typing in the same label
 * merges), and peers' changes are applied to the textarea with the caret kept in place.
 * Typing is this person's own-change history (`writer.history`): each burst of keystrokes is one undo
 * step, so Ctrl+Z after the editor closed undoes the last burst, and Ctrl+Z inside it too. Cancel
 * (Esc) undoes exactly the steps typed in this session; a peer's concurrent edits survive (an undo
 * removes only this person's characters). Writes go through the editor's `DocWriter` with this
 * session's origin (so its echo is told apart), which the history tracks while the session lives.
 */
import type * as Y from 'yjs';
import { getNodeText, getNodesMap, setNodeText } from '$lib/model/doc';
import type { DocWriter } from './doc-writer';
import { applyDelta, type Delta, type Selection } from './text-delta';

export interface LabelSessionEvents {
	/** A peer changed the text: show `value` with `selection`. */
	onRemote: (value: string, selection: Selection) => void;
	/** The node was deleted (by anyone): the editor must close. */
	onGone: () => void;
}

let sessions = 0;

export class LabelSession {
	readonly origin = { name: 'warrant-label-editor' };
	/** Names this session's typing bursts: reopening the editor starts a new step. */
	private readonly burstKey = `${++sessions}`;
	readonly initial: string;
	private text: Y.Text;
	/** The history's depth when the session began: cancel goes back to it. */
	private readonly mark: number;
	private value: string;
	private readonly offs: Array<() => void> = [];
	private readonly doc: Y.Doc;

	constructor(
		private readonly writer: DocWriter,
		readonly nodeId: string,
		private readonly events: LabelSessionEvents,
		private readonly getSelection: () => Selection
	) {
		const doc = writer.doc;
		this.doc = doc;
		this.offs.push(writer.history.track(this.origin));
		this.mark = writer.history.depth;
		let text = getNodeText(doc, nodeId);
		if (!text) {
			// A label stored as a plain string is repaired into a Y.Text before it can be bound.
			writer.write((d, origin) => setNodeText(d, nodeId, '', origin), this.origin);
			text = getNodeText(doc, nodeId);
		}
		if (!text) throw new Error(`node ${nodeId} does not exist`);
		this.text = text;
		this.value = text.toString();
		this.initial = this.value;
		const onText = (e: Y.YTextEvent, tr: Y.Transaction) => {
			if (tr.origin === this.origin) return;
			const next = applyDelta(this.value, e.delta as Delta, this.getSelection());
			this.value = next.value;
			this.events.onRemote(next.value, next.selection);
		};
		const nodes = getNodesMap(doc);
		const onNodes = (e: Y.YMapEvent<Y.Map<unknown>>) => {
			if (e.keysChanged.has(nodeId) && !nodes.has(nodeId)) this.events.onGone();
			else if (e.keysChanged.has(nodeId) && getNodeText(doc, nodeId) !== this.text)
				this.events.onGone();
		};
		text.observe(onText);
		nodes.observe(onNodes);
		this.offs.push(
			() => text.unobserve(onText),
			() => nodes.unobserve(onNodes)
		);
	}

	get current(): string {
		return this.value;
	}

	/** The textarea now shows `next` (after local typing). */
	input(next: string): void {
		if (next === this.value) return;
		this.value = next;
		this.writer.write(
			(doc, origin) => setNodeText(doc, this.nodeId, next, origin),
			this.origin,
			this.burstKey
		);
	}

	/** Steps typed in this session that can still be undone. */
	get typedSteps(): number {
		return Math.max(0, this.writer.history.depth - this.mark);
	}

	/** Reverts this session's own changes; peers' changes made meanwhile stay. */
	cancel(): void {
		this.writer.history.undoTo(this.mark);
		this.value = this.text.toString();
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
	}
}
