import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDelta, type Delta } from './text-delta';

describe('applyDelta', () => {
	it('inserts before the caret and moves it right', () => {
		expect(applyDelta('hello', [{ insert: 'oh ' }], { start: 2, end: 2 })).toEqual({
			value: 'oh hello',
			selection: { start: 5, end: 5 }
		});
	});

	it('keeps the caret before text inserted exactly at it', () => {
		expect(
			applyDelta('ab', [{ retain: 1 }, { insert: 'X' }], { start: 1, end: 1 }).selection
		).toEqual({ start: 1, end: 1 });
	});

	it('collapses a selection inside deleted text to the deletion point', () => {
		expect(applyDelta('abcdef', [{ retain: 1 }, { delete: 3 }], { start: 2, end: 5 })).toEqual({
			value: 'aef',
			selection: { start: 1, end: 2 }
		});
	});

	it('matches what Y.Text computes for a mixed delta', () => {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, 'the quick brown fox');
		let delta: Delta = [];
		text.observe((e) => (delta = e.delta as Delta));
		doc.transact(() => {
			text.delete(4, 6);
			text.insert(0, 'see ');
			text.insert(text.length, '!');
		});
		const result = applyDelta('the quick brown fox', delta, { start: 16, end: 16 });
		expect(result.value).toBe(text.toString());
		expect(result.value.slice(result.selection.start)).toBe('fox!');
	});
});
