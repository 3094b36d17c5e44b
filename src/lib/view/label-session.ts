/**
 * Editing one node's label in place. The textarea is bound live to the node's Y.Text: each input
 * is spliced into it (`setNodeText`, smallest change, so concurrent typing in the same label
 * merges), and peers' changes are applied to the textarea with the caret kept in place.
 * Cancel (Esc) undoes exactly this session's changes with a Y.UndoManager limited to its origin,
 * so a peer's concurrent edits survive. Writes go through the editor's `DocWriter` with that origin.
 */
import * as Y from 'yjs';
import { getNodeText, getNodesMap, setNodeText } from '$lib/model/doc';
import type { DocWriter } from './doc-writer';
import { applyDelta, type Delta, type Selection } from './text-delta';

export interface LabelSessionEvents {
	/** A peer changed the text: show `value` with `selection`. */
	onRemote: (value: string, selection: Selection) => void;
	/** The node was deleted (by anyone): the editor must close. */
	onGone: () => void;
}

export class LabelSession {
	readonly origin = { name: 'warrant-label-editor' };
	readonly initial: string;
	private text: Y.Text;
	private undo: Y.UndoManager;
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
		this.undo = new Y.UndoManager(text, {
			trackedOrigins: new Set([this.origin]),
			captureTimeout: Number.MAX_SAFE_INTEGER
		});
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
		this.writer.write((doc, origin) => setNodeText(doc, this.nodeId, next, origin), this.origin);
	}

	/** Reverts this session's own changes; peers' changes made meanwhile stay. */
	cancel(): void {
		while (this.undo.canUndo()) this.undo.undo();
		this.value = this.text.toString();
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
		this.undo.destroy();
	}
}
