/**
 * Keyboard shortcuts: one table used both to dispatch keys and to list them in the help overlay.
 * Keys typed into inputs, textareas, selects or editable content never reach the map.
 */
import type { NodeKind } from '$lib/model/schema';
import type { ChoosableRelation } from './commands';
import { KIND_LIST, kindForKey } from '$lib/drawing/kinds';

export type Command =
	| { type: 'new-node' }
	| { type: 'edit' }
	| { type: 'delete' }
	| { type: 'kind'; kind: NodeKind }
	| { type: 'relation'; relation: ChoosableRelation }
	| { type: 'connect' }
	| { type: 'group' }
	| { type: 'ungroup' }
	| { type: 'fit' }
	| { type: 'fold' }
	| { type: 'unfold-all' }
	| { type: 'layout' }
	| { type: 'zoom'; by: 1 | -1 }
	| { type: 'select-next'; direction: 'up' | 'down' | 'left' | 'right' }
	| { type: 'escape' }
	| { type: 'help' }
	| { type: 'search' }
	| { type: 'outline' }
	| { type: 'undo' }
	| { type: 'redo' };

export interface KeyLike {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
	shiftKey?: boolean;
}

const ARROWS: Record<string, 'up' | 'down' | 'left' | 'right'> = {
	ArrowUp: 'up',
	ArrowDown: 'down',
	ArrowLeft: 'left',
	ArrowRight: 'right'
};

/**
 * Own-change undo shortcuts: Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z and Ctrl+Y redo. Typed into an
 * input they are the field's own (the label editor has its own text undo).
 */
export function undoKey(e: KeyLike): 'undo' | 'redo' | null {
	if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
	const key = e.key.toLowerCase();
	if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
	if (key === 'y' && e.ctrlKey && !e.metaKey && !e.shiftKey) return 'redo';
	return null;
}

export function commandForKey(e: KeyLike): Command | null {
	const undo = undoKey(e);
	if (undo) return { type: undo };
	// Ctrl/Cmd+F finds in the map and the essay (the page's text is all in view there anyway).
	if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f')
		return { type: 'search' };
	// Leave browser and OS shortcuts (copy, reload, ...) alone.
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	const key = e.key;
	if (ARROWS[key]) return { type: 'select-next', direction: ARROWS[key] };
	switch (key) {
		case 'Enter':
			return { type: 'edit' };
		case 'Delete':
		case 'Backspace':
			return { type: 'delete' };
		case 'Escape':
			return { type: 'escape' };
		case '?':
			return { type: 'help' };
		case '/':
			return { type: 'search' };
		case '+':
		case '=':
			return { type: 'zoom', by: 1 };
		case '-':
		case '_':
			return { type: 'zoom', by: -1 };
	}
	const kind = kindForKey(key);
	if (kind) return { type: 'kind', kind };
	switch (key.toLowerCase()) {
		case 'n':
			return { type: 'new-node' };
		case 'e':
			return { type: 'edit' };
		case 's':
			return { type: 'relation', relation: 'supports' };
		case 'a':
			return { type: 'relation', relation: 'attacks' };
		case 'r':
			return { type: 'relation', relation: 'rephrases' };
		case 'c':
			return { type: 'connect' };
		case 'g':
			return e.shiftKey ? { type: 'ungroup' } : { type: 'group' };
		case 'f':
			return { type: 'fit' };
		case 'b':
			return e.shiftKey ? { type: 'unfold-all' } : { type: 'fold' };
		case 'l':
			return { type: 'layout' };
		case 'o':
			return { type: 'outline' };
	}
	return null;
}

/** Whether a key event's target is something the user types into. */
export function isTypingTarget(target: EventTarget | null): boolean {
	if (!target || typeof (target as Element).closest !== 'function') return false;
	const el = target as HTMLElement;
	if (el.isContentEditable) return true;
	return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

/** The help overlay's table, in the order shown. */
export const SHORTCUTS: Array<{ keys: string[]; action: string }> = [
	{
		keys: ['N'],
		action: 'New node at the centre of the view (double-click the background: there)'
	},
	{
		keys: ['E', 'Enter'],
		action: 'Edit the selected node’s text (Enter saves, Shift+Enter new line, Esc cancels)'
	},
	{ keys: ['Del', 'Backspace'], action: 'Delete the selection (a node’s edges go with it)' },
	{
		keys: KIND_LIST.map((k) => k.key),
		action: `Set the kind: ${KIND_LIST.map((k) => `${k.key} ${k.label}`).join(', ')}`
	},
	{
		keys: ['C'],
		action:
			'Connect from the selected node: arrow keys or search (/) choose the target (or click it), Enter, then S / A / R'
	},
	{ keys: ['S', 'A', 'R'], action: 'Make the selected edges supports / attacks / rephrases' },
	{ keys: ['G'], action: 'Group the selected supports edges (or premises) as co-premises' },
	{ keys: ['Shift+G'], action: 'Ungroup the selected co-premises' },
	{ keys: ['←', '↑', '→', '↓'], action: 'Select the nearest node in that direction' },
	{ keys: ['F'], action: 'Fit the map to the view' },
	{
		keys: ['B'],
		action: 'Fold / unfold the selected node’s branch (for you only; the badge unfolds it too)'
	},
	{ keys: ['Shift+B'], action: 'Unfold every branch' },
	{ keys: ['L'], action: 'Auto layout (moves every node, for everyone)' },
	{ keys: ['+', '−'], action: 'Zoom in / out' },
	{ keys: ['/', 'Ctrl+F'], action: 'Search nodes and sentences (↑ ↓ choose, Enter goes there)' },
	{
		keys: ['O'],
		action:
			'Outline of the map: ↑ ↓ move, → ← open / close, Home / End, Enter selects (again: edit), F2 edit, Del delete'
	},
	{
		keys: ['Enter'],
		action: 'On a sentence of the essay: select the nodes anchored to it'
	},
	{
		keys: ['M'],
		action:
			'On a sentence of the essay: make a node from it, or add it as an anchor of the selected node'
	},
	{ keys: ['Ctrl+Z', 'Ctrl+Shift+Z'], action: 'Undo / redo your own changes (never others’)' },
	{ keys: ['Esc'], action: 'Cancel, close, clear the selection' },
	{ keys: ['?'], action: 'Show or hide this help' }
];
