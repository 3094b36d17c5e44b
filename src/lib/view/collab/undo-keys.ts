/**
 * Own-change undo shortcuts: Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z and Ctrl+Y redo. Pure; the page
 * ignores them while typing in an input (the label editor has its own text undo).
 */
import type { KeyLike } from '../keys';

export function undoKey(e: KeyLike): 'undo' | 'redo' | null {
	if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
	const key = e.key.toLowerCase();
	if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
	if (key === 'y' && e.ctrlKey && !e.metaKey && !e.shiftKey) return 'redo';
	return null;
}
