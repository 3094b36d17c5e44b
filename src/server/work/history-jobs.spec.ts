import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LogEntry } from '../storage/storage';
import { docOfState, packLog, unpackLog } from './history-jobs';

describe('packLog', () => {
	it.each<[string, LogEntry[]]>([
		['an empty log', []],
		[
			'authors repeated, missing, and seqs with gaps',
			[
				{ seq: 3, at: 1_764_583_200_000, authorId: 'ada-1', size: 40 },
				{ seq: 9, at: 1_764_583_201_000, authorId: null, size: 7 },
				{ seq: 10, at: 1_764_583_202_000, authorId: 'bo-2', size: 1_000_000 },
				{ seq: 2 ** 40, at: 1_764_583_203_000, authorId: 'ada-1', size: 0 }
			]
		]
	])('%s: unpacked, the rows are the same', (_, entries) => {
		const packed = packLog(entries);
		expect(unpackLog(structuredClone(packed))).toEqual(entries);
		expect(packed.authors.length).toBe(new Set(entries.flatMap((e) => e.authorId ?? [])).size);
	});
});

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
