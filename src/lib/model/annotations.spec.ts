import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addComment,
	deleteOwnComment,
	openThreadCounts,
	readThreads,
	setThreadResolved
} from './comments';
import { getCommentsMap, getVotesMap, initMap } from './doc';
import type { Problem } from './read';
import { castVote, readVotes, tallyVotes } from './votes';

const ann = { id: 'u-ann', name: 'Ann' };
const bob = { id: 'u-bob', name: 'Bob' };
const ORIGIN = { who: 'local' };

function map(): Y.Doc {
	const doc = new Y.Doc();
	initMap(doc, {
		title: 'T',
		source: { title: 'T', author: '', publication: '', date: '', lang: 'en', text: 'One. Two.' },
		sentences: [
			{ id: 's1', text: 'One.', start: 0, end: 4, paragraph: 0 },
			{ id: 's2', text: 'Two.', start: 5, end: 9, paragraph: 0 }
		]
	});
	return doc;
}

const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('comments', () => {
	it('threads with replies, resolve and reopen, open counts', () => {
		const doc = map();
		const root = addComment(
			doc,
			{ targetType: 'node', targetId: 'n1', body: ' Why? ', author: ann },
			ORIGIN
		)!;
		addComment(
			doc,
			{ targetType: 'node', targetId: 'n1', body: 'Because.', parent: root, author: bob },
			ORIGIN
		);
		addComment(
			doc,
			{ targetType: 'sentence', targetId: 's2', body: 'Source?', author: bob },
			ORIGIN
		);
		expect(
			addComment(doc, { targetType: 'node', targetId: 'n1', body: '   ', author: ann }, ORIGIN)
		).toBeNull();
		let threads = readThreads(doc);
		expect(threads).toHaveLength(2);
		expect(threads.find((t) => t.root.id === root)?.replies.map((r) => r.body)).toEqual([
			'Because.'
		]);
		expect(threads.find((t) => t.root.id === root)?.root.body).toBe('Why?');
		expect(Object.fromEntries(openThreadCounts(threads))).toEqual({
			'node:n1': 1,
			'sentence:s2': 1
		});
		setThreadResolved(doc, root, true, ORIGIN);
		threads = readThreads(doc);
		expect(Object.fromEntries(openThreadCounts(threads))).toEqual({ 'sentence:s2': 1 });
		setThreadResolved(doc, root, false, ORIGIN);
		expect(openThreadCounts(readThreads(doc)).get('node:n1')).toBe(1);
	});

	it('only the author deletes; a comment with replies becomes a tombstone', () => {
		const doc = map();
		const root = addComment(
			doc,
			{ targetType: 'edge', targetId: 'e1', body: 'A', author: ann },
			ORIGIN
		)!;
		const reply = addComment(
			doc,
			{ targetType: 'edge', targetId: 'e1', body: 'B', parent: root, author: bob },
			ORIGIN
		)!;
		expect(deleteOwnComment(doc, root, bob.id, ORIGIN)).toBe(false);
		expect(deleteOwnComment(doc, root, ann.id, ORIGIN)).toBe(true);
		const [thread] = readThreads(doc);
		expect(thread.root).toMatchObject({ deleted: true, body: '' });
		expect(deleteOwnComment(doc, reply, bob.id, ORIGIN)).toBe(true);
		expect(readThreads(doc)[0].replies).toEqual([]);
	});

	it('reports malformed comments and orphan replies as problems', () => {
		const doc = map();
		const m = new Y.Map<unknown>();
		m.set('body', 5);
		getCommentsMap(doc).set('bad', m);
		addComment(
			doc,
			{ targetType: 'node', targetId: 'n1', body: 'x', parent: 'gone', author: ann },
			ORIGIN
		);
		const problems: Problem[] = [];
		expect(readThreads(doc, problems)).toEqual([]);
		expect(problems.map((p) => p.scope)).toEqual(['comment', 'comment']);
	});
});

describe('votes', () => {
	it('one vote per person per node, changeable, withdrawable; tallies', () => {
		const doc = map();
		castVote(doc, 'n1', ann, 4, ORIGIN);
		castVote(doc, 'n1', ann, 5, ORIGIN);
		castVote(doc, 'n1', bob, 2, ORIGIN);
		castVote(doc, 'n2', bob, 9, ORIGIN);
		castVote(doc, 'n2', bob, 2.5, ORIGIN);
		const tally = tallyVotes(readVotes(doc));
		expect(tally.get('n1')).toEqual({ count: 2, mean: 3.5, counts: [0, 1, 0, 0, 1] });
		expect(tally.has('n2')).toBe(false);
		castVote(doc, 'n1', ann, null, ORIGIN);
		expect(tallyVotes(readVotes(doc)).get('n1')?.count).toBe(1);
	});

	it('concurrent votes by two people both count', () => {
		const a = map();
		const b = new Y.Doc();
		sync(a, b);
		castVote(a, 'n1', ann, 5, ORIGIN);
		castVote(b, 'n1', bob, 1, ORIGIN);
		sync(a, b);
		expect(tallyVotes(readVotes(a)).get('n1')?.count).toBe(2);
		expect(readVotes(b)).toHaveLength(2);
	});

	it('a vote stored under a forged key is a problem', () => {
		const doc = map();
		getVotesMap(doc).set('n1|u-bob', {
			nodeId: 'n1',
			voterId: 'u-ann',
			voter: 'Ann',
			value: 3,
			at: new Date().toISOString()
		});
		const problems: Problem[] = [];
		expect(readVotes(doc, problems)).toEqual([]);
		expect(problems[0].reason).toMatch(/another key/);
	});
});
