import type { Snippet } from 'svelte';
import type { EditorController } from '../controller';
import type { EditorState } from '../editor-state.svelte';

/** What the editor's panels beside the map (`Toolbar`, `Inspector`) are given. */
export interface PanelProps {
	/** Null until the editor has started in the browser: the controls show but do nothing yet. */
	ctl: EditorController | null;
	state: EditorState;
	/** The page's own additions, after the panel's built-in controls. */
	children?: Snippet;
}
