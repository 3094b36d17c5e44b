import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, initMap } from '$lib/model/doc';
import { Replay } from '$lib/model/replay';
import { answerReplayRequest } from './replay-drawing';

/** A map as created (step 10), then one node per step (11: "Alpha", 12: "Beta"). */
function stretch() {
	const doc = new Y.Doc();
	initMap(doc, {
		title: 'T',
		source: { title: 'T', author: '', publication: '', date: '', lang: 'en', text: 'One. Two.' },
		sentences: [{ id: 's1', text: 'One.', start: 0, end: 4, paragraph: 0 }]
	});
	const base = Y.encodeStateAsUpdate(doc);
	const steps = ['Alpha', 'Beta'].map((text, i) => {
		const sv = Y.encodeStateVector(doc);
		addNode(doc, { kind: 'claim', text, x: 10 * i, y: 0, author: 'Ada' }, 'test');
		return { seq: 11 + i, update: Y.encodeStateAsUpdate(doc, sv) };
	});
	return { fromSeq: 10, base, steps };
}

describe('answerReplayRequest', () => {
	it('draws the moment asked for, with what the coverage needs; null where nothing covers it', () => {
		const replay = new Replay(1);
		expect(answerReplayRequest(replay, { type: 'add', segment: stretch() })).toBeNull();
		const first = answerReplayRequest(replay, { type: 'draw', id: 1, seq: 11 });
		expect(first?.id).toBe(1);
		expect(first?.drawn?.svg).toMatch(/>Alpha</);
		expect(first?.drawn?.svg).not.toMatch(/>Beta</);
		expect(first?.drawn?.nodes.map((n) => n.text)).toEqual(['Alpha']);
		expect(first?.drawn?.sentences.map((s) => s.id)).toEqual(['s1']);
		const both = answerReplayRequest(replay, { type: 'draw', id: 2, seq: 12 });
		expect(both?.drawn?.nodes.map((n) => n.text).sort()).toEqual(['Alpha', 'Beta']);
		expect(answerReplayRequest(replay, { type: 'draw', id: 3, seq: 99 })).toEqual({
			id: 3,
			drawn: null
		});
	});

	it('leaves out a stretch out of order without throwing', () => {
		const replay = new Replay(1);
		const bad = { ...stretch(), fromSeq: 12 };
		expect(answerReplayRequest(replay, { type: 'add', segment: bad })).toBeNull();
		expect(answerReplayRequest(replay, { type: 'draw', id: 1, seq: 12 })?.drawn).toBeNull();
	});
});
