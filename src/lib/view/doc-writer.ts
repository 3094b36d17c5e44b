/**
 * The one way the editor changes the map's document. Every local change — a gesture on the canvas,
 * a node made from the essay, an anchor, a comment, a vote, typing into a label, dragged or laid out
 * positions — is one `doc.transact(fn, origin)` here, so that it is one update for peers and one step
 * of the own-change undo, and so that one guard decides who may write.
 *
 * It also marks where this person's undo steps begin (`history`, model/undo.ts): every `write` is a
 * step of its own, except typing (`typing`: the label's key), whose keystrokes join into one step
 * per burst. `place` is never a step (nobody made it, so nobody undoes it).
 *
 * Invariant: while `canWrite()` is false (a view link, or a link the server refused) no gesture
 * reaches the document; the person is told why, once per gesture. The only exception is `place`:
 * positions the view derives for nodes that have none, written so that every render agrees with what
 * is drawn; a viewer's document is never uploaded (session.ts), so they stay in that browser.
 */
import type * as Y from 'yjs';
import { OwnChanges, type OwnChangesOptions } from '$lib/model/undo';

export interface WriteGuard {
	/** Whether this person may change the map now. */
	canWrite: () => boolean;
	/** Tells the person why a gesture did nothing. */
	refuse: () => void;
}

const OPEN: WriteGuard = { canWrite: () => true, refuse: () => {} };

export class DocWriter {
	/** The origin of this person's gestures: the own-change undo tracks exactly this origin. */
	readonly origin = { name: 'warrant-view' };
	/** The origin of derived positions (`place`): not tracked by the undo. */
	readonly placeOrigin = { name: 'warrant-place' };
	private own: OwnChanges | null = null;

	constructor(
		readonly doc: Y.Doc,
		private readonly guard: WriteGuard = OPEN,
		private readonly historyOptions: OwnChangesOptions = {}
	) {}

	/** This person's own-change history; it exists from the first write or the first look. */
	get history(): OwnChanges {
		return (this.own ??= new OwnChanges(this.doc, this.origin, this.historyOptions));
	}

	get canWrite(): boolean {
		return this.guard.canWrite();
	}

	/**
	 * For a gesture that starts before it writes (opening the label editor, drawing an edge): true
	 * when the person may write, otherwise false after telling them why.
	 */
	mayWrite(): boolean {
		if (this.guard.canWrite()) return true;
		this.guard.refuse();
		return false;
	}

	/**
	 * One gesture as one transaction. Returns what `fn` returned, or `undefined` when the person may
	 * not write (then nothing changed and they were told why). `origin` is for a writer that must
	 * tell its own echo apart (the label editor; it tracks that origin in `history`), and `typing`
	 * names the label typed in, so that a burst of keystrokes is one undo step.
	 */
	write<T>(
		fn: (doc: Y.Doc, origin: unknown) => T,
		origin: unknown = this.origin,
		typing?: string
	): T | undefined {
		if (!this.mayWrite()) return undefined;
		if (typing === undefined) this.history.beginGesture();
		else this.history.beginTyping(typing);
		return this.transact(fn, origin);
	}

	/** Positions the view derived for unpositioned nodes (see the module comment). */
	place(fn: (doc: Y.Doc, origin: unknown) => void): void {
		this.transact(fn, this.placeOrigin);
	}

	destroy(): void {
		this.own?.destroy();
		this.own = null;
	}

	private transact<T>(fn: (doc: Y.Doc, origin: unknown) => T, origin: unknown): T {
		let out!: T;
		// Writers in the model open their own transaction too; nested ones join this one.
		this.doc.transact(() => {
			out = fn(this.doc, origin);
		}, origin);
		return out;
	}
}
