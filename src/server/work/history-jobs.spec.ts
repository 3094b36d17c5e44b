import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docOfState } from './history-jobs';

describe('docOfState', () => {
	it('rebuilds from one update, and from a checkpoint with the rows after it, alike', () => {
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		const base = Y.encodeStateAsUpdate(doc);
		doc.on('update', (u: Uint8Array) => updates.push(u));
		for (const word of ['one', 'two', 'three']) doc.getArray<string>('a').push([word]);
		const fromRows = docOfState({ base, updates });
		const whole = docOfState(Y.encodeStateAsUpdate(doc));
		expect(fromRows.getArray('a').toJSON()).toEqual(['one', 'two', 'three']);
		expect(whole.getArray('a').toJSON()).toEqual(['one', 'two', 'three']);
	});
});
