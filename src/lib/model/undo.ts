/**
 * Own-change undo: one person's history of their own steps, over the editable roots (nodes, edges,
 * comments, votes), as a Y.UndoManager that tracks only their origins. Ctrl+Z never reverts a
 * colleague's change, and — the rule of this module — never destroys a colleague's work:
 *
 * - A step is one gesture, or one typing burst in one label (keystrokes less than
 *   `TYPING_BURST_MS` apart, in the same label, with no other gesture between). The writer marks
 *   where steps begin (`beginGesture`, `beginTyping`); the manager's own time-based merging is off.
 * - Undoing (or redoing) a step that would delete a record — a node, edge or comment this person made
 *   in that step — keeps the record whole when someone else has built on it (see `builtOn`), and
 *   reverts everything else of the step. The step is then used up: the next Ctrl+Z goes to the step
 *   before, never silently further. `undo()` reports what it kept and why, so the page can say so.
 * - A field this person set (kind, relation, a position, a vote) is reverted only while nobody has
 *   set it since: a later value by someone else stays (Yjs: an overwritten map entry is not restored).
 * - Typing: undo removes this person's characters and restores the ones they deleted; characters
 *   others typed in the same label stay.
 *
 * "Someone else" is any client id this document never wrote with (this page's ids are collected
 * from its local transactions, as Yjs may change a document's client id while it loads).
 */
import * as Y from 'yjs';
import { getCommentsMap, getEdgesMap, getNodesMap, getVotesMap } from './doc';
import { COMMENT_FIELDS, EDGE_FIELDS, NODE_FIELDS, ROOT } from './schema';

/** Keystrokes in one label closer together than this are one undo step. */
export const TYPING_BURST_MS = 1000;

/** The roots whose records a person builds on. */
export type RecordRoot = typeof ROOT.nodes | typeof ROOT.edges | typeof ROOT.comments;

/** How someone else built on a record. */
export type BuiltOnHow = 'changed' | 'connected' | 'undercut' | 'voted' | 'commented' | 'replied';

export interface BuiltOn {
	how: BuiltOnHow;
	/** Their display name when the record says it, else null. */
	by: string | null;
}

/** A record an undo or redo kept because others built on it. */
export interface KeptRecord {
	root: RecordRoot;
	id: string;
	builtOn: BuiltOn[];
}

export interface StepResult {
	/** Something of the step was undone (or redone). */
	changed: boolean;
	/** Records kept whole because others built on them (empty almost always). */
	kept: KeptRecord[];
}

/** Fields whose change by someone else is not building on a record (moving a node is layout). */
const LAYOUT_FIELDS: ReadonlySet<string> = new Set([NODE_FIELDS.x, NODE_FIELDS.y]);

/** One step on the manager's stacks (Yjs does not export the class). */
type Step = Y.UndoManager['undoStack'][number];

/** Internal shape of a Y.Map's entries (Yjs keeps the current item per key in `_map`). */
type Entries = Map<string, Y.Item>;
const entryItem = <T>(map: Y.Map<T>, key: string): Y.Item | undefined =>
	(map as unknown as { _map: Entries })._map.get(key);

export interface OwnChangesOptions {
	/** The clock for typing bursts (tests pass their own). */
	now?: () => number;
	/** Names a remote client id, for "kept: Bea changed it" (e.g. from presence); null if unknown. */
	nameOf?: (client: number) => string | null;
}

export class OwnChanges {
	readonly um: Y.UndoManager;
	private readonly roots: Map<Y.AbstractType<unknown>, RecordRoot>;
	/** Client ids this document wrote with. */
	private readonly mine = new Set<number>();
	/** Records changed by someone else while this page was open: `${root}/${id}` → their client ids. */
	private readonly touched = new Map<string, Set<number>>();
	private typing: { key: string; at: number } | null = null;
	private readonly now: () => number;
	private readonly nameOf: (client: number) => string | null;
	/** During one undo or redo: the step being popped and the decisions taken for its records. */
	private pass: { step: Step | undefined; kept: Map<Y.Item, KeptRecord | null> } | null = null;
	private readonly offs: Array<() => void> = [];
	private readonly listeners = new Set<() => void>();

	constructor(
		readonly doc: Y.Doc,
		origin: unknown,
		opts: OwnChangesOptions = {}
	) {
		this.now = opts.now ?? (() => Date.now());
		this.nameOf = opts.nameOf ?? (() => null);
		const nodes = getNodesMap(doc);
		const edges = getEdgesMap(doc);
		const comments = getCommentsMap(doc);
		this.roots = new Map<Y.AbstractType<unknown>, RecordRoot>([
			[nodes as Y.AbstractType<unknown>, ROOT.nodes],
			[edges as Y.AbstractType<unknown>, ROOT.edges],
			[comments as Y.AbstractType<unknown>, ROOT.comments]
		]);
		this.um = new Y.UndoManager([nodes, edges, comments, getVotesMap(doc)], {
			trackedOrigins: new Set([origin]),
			// Steps are cut by beginGesture/beginTyping, never by time.
			captureTimeout: Number.MAX_SAFE_INTEGER,
			deleteFilter: (item) => this.mayDelete(item)
		});
		// Stack changes outside an undo or redo (a new step); those inside are told once it is over.
		const onStack = () => {
			if (!this.pass) this.changed();
		};
		for (const event of ['stack-item-added', 'stack-item-updated', 'stack-cleared'] as const) {
			this.um.on(event, onStack);
			this.offs.push(() => this.um.off(event, onStack));
		}
		this.mine.add(doc.clientID);
		const onTransaction = (tr: Y.Transaction) => {
			if (tr.local) this.mine.add(doc.clientID);
		};
		doc.on('afterTransaction', onTransaction);
		this.offs.push(() => doc.off('afterTransaction', onTransaction));
		for (const [type, root] of this.roots) {
			const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) =>
				this.noteRemote(root, type, events, tr);
			type.observeDeep(observer);
			this.offs.push(() => type.unobserveDeep(observer));
		}
	}

	/** Calls `fn` whenever what can be undone or redone changed; returns the unsubscribe. */
	subscribe(fn: () => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	private changed(): void {
		for (const fn of this.listeners) fn();
	}

	/** Also track `origin` (a label editor's typing) as this person's. */
	track(origin: unknown): () => void {
		this.um.addTrackedOrigin(origin);
		return () => this.um.removeTrackedOrigin(origin);
	}

	/** The next tracked write starts a new step. */
	beginGesture(): void {
		this.typing = null;
		this.um.stopCapturing();
	}

	/** The next tracked write is typing in `key` (a label): it joins the running burst, if any. */
	beginTyping(key: string): void {
		const at = this.now();
		const last = this.typing;
		if (!last || last.key !== key || at - last.at >= TYPING_BURST_MS) this.um.stopCapturing();
		this.typing = { key, at };
	}

	get canUndo(): boolean {
		return this.um.canUndo();
	}

	get canRedo(): boolean {
		return this.um.canRedo();
	}

	/** How many steps can be undone; a mark for `undoTo`. */
	get depth(): number {
		return this.um.undoStack.length;
	}

	undo(): StepResult {
		return this.pop('undo');
	}

	redo(): StepResult {
		return this.pop('redo');
	}

	/** Undoes steps until only `depth` are left (a label editor's cancel: its own typing). */
	undoTo(depth: number): void {
		while (this.um.undoStack.length > depth) this.pop('undo');
	}

	/**
	 * Pops exactly one step. Yjs pops on to the next step when nothing of one could be undone; here a
	 * step whose records were all kept is used up on its own, so Ctrl+Z never reaches further back
	 * than the person asked. A step with nothing left to do (its changes already undone by others)
	 * is skipped, as Yjs does.
	 */
	private pop(action: 'undo' | 'redo'): StepResult {
		try {
			return this.popOne(action);
		} finally {
			this.changed();
		}
	}

	private popOne(action: 'undo' | 'redo'): StepResult {
		const um = this.um;
		const stack = action === 'undo' ? um.undoStack : um.redoStack;
		const kept: KeptRecord[] = [];
		while (stack.length > 0) {
			const below = stack.splice(0, stack.length - 1);
			const decisions = new Map<Y.Item, KeptRecord | null>();
			this.pass = { step: stack[0], kept: decisions };
			let popped: unknown;
			try {
				popped = action === 'undo' ? um.undo() : um.redo();
			} finally {
				this.pass = null;
				stack.unshift(...below);
			}
			for (const k of decisions.values()) if (k) kept.push(k);
			if (popped || kept.length > 0) return { changed: !!popped, kept };
		}
		return { changed: false, kept };
	}

	/**
	 * The manager's delete filter. An item this undo would delete is kept when it is a record made in
	 * the step being undone, or part of one, and someone else has built on that record.
	 */
	private mayDelete(item: Y.Item): boolean {
		const pass = this.pass;
		if (!pass) return true;
		const record = this.recordOf(item);
		if (!record) return true;
		// A field of an older record (a kind, a position) is reverted as usual; only a record made in
		// this step goes with it, and its fields with it.
		if (record.item !== item && !(pass.step && Y.isDeleted(pass.step.insertions, record.item.id)))
			return true;
		let decision = pass.kept.get(record.item);
		if (decision === undefined) {
			const builtOn = this.builtOn(record.root, record.id);
			decision = builtOn.length > 0 ? { root: record.root, id: record.id, builtOn } : null;
			pass.kept.set(record.item, decision);
		}
		return decision === null;
	}

	/** The record (an entry of a root map) that `item` is, or is inside. */
	private recordOf(item: Y.Item): { root: RecordRoot; id: string; item: Y.Item } | null {
		let cur: Y.Item | null = item;
		while (cur) {
			const parent = cur.parent as Y.AbstractType<unknown> | null;
			if (!parent || !(parent instanceof Y.AbstractType)) return null;
			const root = this.roots.get(parent);
			if (root) return cur.parentSub === null ? null : { root, id: cur.parentSub, item: cur };
			cur = parent._item;
		}
		return null;
	}

	/** Whether the current entry `key` of `map` was written by someone else. */
	private byOthers<T>(map: Y.Map<T>, key: string): boolean {
		const item = entryItem(map, key);
		return !!item && !this.mine.has(item.id.client);
	}

	/** How others have built on a record: changed it, or made records that hang on it. */
	builtOn(root: RecordRoot, id: string): BuiltOn[] {
		const out: BuiltOn[] = [];
		const touchedBy = this.touched.get(`${root}/${id}`);
		if (touchedBy) {
			const names = [...touchedBy].map((c) => this.nameOf(c)).filter((n): n is string => !!n);
			out.push({ how: 'changed', by: names[0] ?? null });
		}
		const doc = this.doc;
		const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
		if (root === ROOT.nodes || root === ROOT.edges) {
			const edges = getEdgesMap(doc);
			edges.forEach((edge, edgeId) => {
				if (!(edge instanceof Y.Map) || !this.byOthers(edges, edgeId)) return;
				const by = str(edge.get(EDGE_FIELDS.author));
				if (root === ROOT.nodes) {
					if (edge.get(EDGE_FIELDS.from) === id || edge.get(EDGE_FIELDS.to) === id)
						out.push({ how: 'connected', by });
				} else if (edge.get(EDGE_FIELDS.to) === id) out.push({ how: 'undercut', by });
			});
			const target = root === ROOT.nodes ? 'node' : 'edge';
			const comments = getCommentsMap(doc);
			comments.forEach((c, cid) => {
				if (!(c instanceof Y.Map) || !this.byOthers(comments, cid)) return;
				if (c.get(COMMENT_FIELDS.targetType) === target && c.get(COMMENT_FIELDS.targetId) === id)
					out.push({ how: 'commented', by: str(c.get(COMMENT_FIELDS.author)) });
			});
		}
		if (root === ROOT.nodes) {
			const votes = getVotesMap(doc);
			votes.forEach((v, key) => {
				if (!this.byOthers(votes, key) || typeof v !== 'object' || v === null) return;
				const vote = v as { nodeId?: unknown; voter?: unknown };
				if (vote.nodeId === id) out.push({ how: 'voted', by: str(vote.voter) });
			});
		}
		if (root === ROOT.comments) {
			const comments = getCommentsMap(doc);
			comments.forEach((c, cid) => {
				if (!(c instanceof Y.Map) || !this.byOthers(comments, cid)) return;
				if (c.get(COMMENT_FIELDS.parent) === id)
					out.push({ how: 'replied', by: str(c.get(COMMENT_FIELDS.author)) });
			});
		}
		return out;
	}

	/** Notes records that someone else changed inside (moves excepted) while this page was open. */
	private noteRemote(
		root: RecordRoot,
		type: Y.AbstractType<unknown>,
		events: Array<Y.YEvent<Y.AbstractType<unknown>>>,
		tr: Y.Transaction
	): void {
		if (tr.local) return;
		let clients: Set<number> | null = null;
		for (const e of events) {
			if (e.target === type) continue; // records added or removed, not changed
			const id = e.path[0];
			if (typeof id !== 'string') continue;
			if (e.path.length === 1 && e instanceof Y.YMapEvent) {
				const keys = [...(e as Y.YMapEvent<unknown>).keysChanged];
				if (keys.every((k) => LAYOUT_FIELDS.has(k))) continue;
			}
			clients ??= writers(tr);
			const key = `${root}/${id}`;
			let set = this.touched.get(key);
			if (!set) this.touched.set(key, (set = new Set()));
			for (const c of clients) set.add(c);
		}
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
		this.listeners.clear();
		this.um.destroy();
	}
}

/** The clients whose new structs a transaction brought (a pure deletion names nobody). */
function writers(tr: Y.Transaction): Set<number> {
	const out = new Set<number>();
	tr.afterState.forEach((clock, client) => {
		if (clock > (tr.beforeState.get(client) ?? 0)) out.add(client);
	});
	return out;
}
