import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodedState } from './encoded-state';

describe('encodedState', () => {
	it('encodes once per change: the same bytes until the document changes, then its new state', () => {
		const doc = new Y.Doc();
		doc.getArray<string>('a').push(['one']);
		const first = encodedState(doc);
		expect(first).toEqual(Y.encodeStateAsUpdate(doc));
		expect(encodedState(doc)).toBe(first);

		doc.getArray<string>('a').push(['two']);
		const second = encodedState(doc);
		expect(second).not.toBe(first);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, second);
		expect(copy.getArray('a').toArray()).toEqual(['one', 'two']);

		// A deletion is a change too.
		doc.getArray<string>('a').delete(0, 1);
		const third = encodedState(doc);
		const again = new Y.Doc();
		Y.applyUpdate(again, third);
		expect(again.getArray('a').toArray()).toEqual(['two']);
	});

	it('keeps one entry per document', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		a.getMap('m').set('k', 'a');
		b.getMap('m').set('k', 'b');
		const decoded = (u: Uint8Array) => {
			const d = new Y.Doc();
			Y.applyUpdate(d, u);
			return d.getMap('m').get('k');
		};
		expect(decoded(encodedState(a))).toBe('a');
		expect(decoded(encodedState(b))).toBe('b');
	});
});
