/**
 * Undo and redo of this person's own steps (the writer's history, model/undo.ts), with the stacks'
 * state mirrored into `EditorState.canUndo` / `canRedo` for the toolbar, and a word when a step
 * kept something because others built on it. The `undo` and `redo` commands (keys.ts) end here,
 * from the map, the toolbar or the label editor. Browser only.
 *
 * Teardown invariant: `destroy()` removes the listeners; the writer destroys the history.
 */
import type { BuiltOn, KeptRecord, OwnChanges } from '$lib/model/undo';
import type { DocWriter } from './doc-writer';
import type { EditorState } from './editor-state.svelte';

const HOW: Record<BuiltOn['how'], string> = {
	changed: 'changed it',
	connected: 'connected to it',
	undercut: 'undercut it',
	voted: 'voted on it',
	commented: 'commented on it',
	replied: 'replied to it'
};

const THING: Record<KeptRecord['root'], string> = {
	nodes: 'node',
	edges: 'connection',
	comments: 'comment'
};

/** "Kept your node “…”: Bea changed it and Cy voted on it." (one sentence per kept record). */
export function describeKept(kept: KeptRecord[], labelOf: (k: KeptRecord) => string): string {
	return kept
		.slice(0, 3)
		.map((k) => {
			// One clause per person, in the order they first appear: "Bea changed it and voted on it".
			const byPerson = new Map<string, string[]>();
			for (const b of k.builtOn) {
				const who = b.by ?? 'someone';
				const hows = byPerson.get(who) ?? [];
				if (!hows.includes(HOW[b.how])) hows.push(HOW[b.how]);
				byPerson.set(who, hows);
			}
			const clauses = [...byPerson].map(([who, hows]) => `${who} ${andList(hows)}`);
			const label = labelOf(k).trim();
			return `Kept your ${THING[k.root]}${label ? ` “${label}”` : ''}: ${clauses.join('; ')}.`;
		})
		.join(' ');
}

const andList = (items: string[]): string =>
	items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');

export class OwnUndo {
	private readonly history: OwnChanges;
	private readonly offs: Array<() => void> = [];

	constructor(
		private readonly writer: DocWriter,
		private readonly state: EditorState
	) {
		const history = writer.history;
		this.history = history;
		const onStack = () => {
			state.canUndo = history.canUndo;
			state.canRedo = history.canRedo;
		};
		this.offs.push(history.subscribe(onStack));
		onStack();
	}

	get canUndo(): boolean {
		return this.history.canUndo;
	}

	/** Undoes or redoes one step of this person's; a viewer has none, and is not told so. */
	run(action: 'undo' | 'redo'): void {
		if (!this.writer.canWrite) return;
		const history = this.history;
		if (action === 'undo' ? !history.canUndo : !history.canRedo) {
			this.state.say(action === 'undo' ? 'Nothing of yours to undo.' : 'Nothing to redo.');
			return;
		}
		const result = action === 'undo' ? history.undo() : history.redo();
		if (result.kept.length > 0) this.state.say(describeKept(result.kept, (k) => this.label(k)));
	}

	private label(k: KeptRecord): string {
		const text = k.root === 'nodes' ? this.state.nodesById.get(k.id)?.text : undefined;
		if (!text) return '';
		return text.length > 40 ? `${text.slice(0, 39)}…` : text;
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
	}
}
