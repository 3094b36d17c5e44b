import { describe, expect, it } from 'vitest';
import { commandForKey, isTypingTarget, undoKey } from './keys';

describe('commandForKey', () => {
	it('maps the common keys', () => {
		expect(commandForKey({ key: 'n' })).toEqual({ type: 'new-node' });
		expect(commandForKey({ key: 'N', shiftKey: true })).toEqual({ type: 'new-node' });
		expect(commandForKey({ key: 'Delete' })).toEqual({ type: 'delete' });
		expect(commandForKey({ key: 'Backspace' })).toEqual({ type: 'delete' });
		expect(commandForKey({ key: '3' })).toEqual({ type: 'kind', kind: 'evidence' });
		expect(commandForKey({ key: '7' })).toEqual({ type: 'kind', kind: 'note' });
		expect(commandForKey({ key: '8' })).toBeNull();
		expect(commandForKey({ key: '+' })).toEqual({ type: 'zoom', by: 1 });
		expect(commandForKey({ key: '-' })).toEqual({ type: 'zoom', by: -1 });
		expect(commandForKey({ key: 'G', shiftKey: true })).toEqual({ type: 'ungroup' });
		expect(commandForKey({ key: 'ArrowLeft' })).toEqual({ type: 'select-next', direction: 'left' });
		expect(commandForKey({ key: '?', shiftKey: true })).toEqual({ type: 'help' });
		expect(commandForKey({ key: 'r' })).toEqual({ type: 'relation', relation: 'rephrases' });
	});

	it('leaves modified keys to the browser', () => {
		expect(commandForKey({ key: 'c', ctrlKey: true })).toBeNull();
		expect(commandForKey({ key: 'l', metaKey: true })).toBeNull();
		expect(commandForKey({ key: 'n', altKey: true })).toBeNull();
	});
});

describe('isTypingTarget', () => {
	const el = (matches: boolean, editable = false) =>
		({
			isContentEditable: editable,
			closest: () => (matches ? {} : null)
		}) as unknown as EventTarget;
	it('is true inside form fields and editable content', () => {
		expect(isTypingTarget(el(true))).toBe(true);
		expect(isTypingTarget(el(false, true))).toBe(true);
		expect(isTypingTarget(el(false))).toBe(false);
		expect(isTypingTarget(null)).toBe(false);
	});
});

describe('undoKey', () => {
	it('knows undo and the two redo shortcuts', () => {
		expect(undoKey({ key: 'z', ctrlKey: true })).toBe('undo');
		expect(undoKey({ key: 'z', metaKey: true })).toBe('undo');
		expect(undoKey({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
		expect(undoKey({ key: 'z', metaKey: true, shiftKey: true })).toBe('redo');
		expect(undoKey({ key: 'y', ctrlKey: true })).toBe('redo');
	});

	it('leaves other keys alone', () => {
		expect(undoKey({ key: 'z' })).toBeNull();
		expect(undoKey({ key: 'z', ctrlKey: true, altKey: true })).toBeNull();
		expect(undoKey({ key: 'c', ctrlKey: true })).toBeNull();
	});
});
