/**
 * Undo and redo of this person's own changes (model/undo.ts), with the stacks' state mirrored into
 * `EditorState.canUndo` / `canRedo` for the toolbar. The `undo` and `redo` commands (keys.ts) end
 * here. Browser only.
 *
 * Teardown invariant: `destroy()` removes the listeners and destroys the undo manager.
 */
import type * as Y from 'yjs';
import { createUndoManager } from '$lib/model/undo';
import type { DocWriter } from './doc-writer';
import type { EditorState } from './editor-state.svelte';

export class OwnUndo {
	private readonly um: Y.UndoManager;
	private readonly offs: Array<() => void> = [];

	constructor(
		private readonly writer: DocWriter,
		private readonly state: EditorState
	) {
		const um = createUndoManager(writer.doc, writer.origin);
		this.um = um;
		const onStack = () => {
			state.canUndo = um.canUndo();
			state.canRedo = um.canRedo();
		};
		um.on('stack-item-added', onStack);
		um.on('stack-item-popped', onStack);
		um.on('stack-cleared', onStack);
		this.offs.push(
			() => um.off('stack-item-added', onStack),
			() => um.off('stack-item-popped', onStack),
			() => um.off('stack-cleared', onStack),
			() => um.destroy()
		);
	}

	get canUndo(): boolean {
		return this.um.canUndo();
	}

	/** Undoes or redoes one gesture of this person's; a viewer has none, and is not told so. */
	run(action: 'undo' | 'redo'): void {
		if (!this.writer.canWrite) return;
		const um = this.um;
		if (action === 'undo' ? !um.canUndo() : !um.canRedo()) {
			this.state.say(action === 'undo' ? 'Nothing of yours to undo.' : 'Nothing to redo.');
			return;
		}
		if (action === 'undo') um.undo();
		else um.redo();
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
	}
}
