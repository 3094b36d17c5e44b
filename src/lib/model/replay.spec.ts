import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalJson } from '$tests/helpers/canonical';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng } from '$tests/helpers/rng';
import { initMap } from './doc';
import { docToFile } from './mapfile';
import { Replay, type ReplaySegment, type ReplayStep } from './replay';

const PEOPLE = [
	{ id: 'ada', name: 'Ada' },
	{ id: 'bo', name: 'Bo' },
	{ id: 'cy', name: 'Cy' }
];

/**
 * A seeded random edit history as the server stores it: one update per gesture, seqs with gaps
 * (other maps' rows share the counter), a checkpoint every `checkpointEvery` steps; with the map
 * (as JSON, keys sorted) a live client had after each step.
 */
function history(seed: number, steps: number, checkpointEvery: number) {
	const rng = seededRng(seed);
	const doc = new Y.Doc();
	const text = 'First point. Second point. Third point.';
	initMap(doc, {
		title: 'Replay',
		source: { title: 'Replay', author: '', publication: '', date: '', lang: 'en', text },
		sentences: [
			{ id: 's1', text: 'First point.', start: 0, end: 12, paragraph: 0 },
			{ id: 's2', text: 'Second point.', start: 13, end: 26, paragraph: 0 },
			{ id: 's3', text: 'Third point.', start: 27, end: 39, paragraph: 0 }
		]
	});
	const live = new Map<number, string>([[10, canonicalJson(docToFile(doc, 'm'))]]);
	const checkpoints: Array<{ seq: number; state: Uint8Array }> = [
		{ seq: 10, state: Y.encodeStateAsUpdate(doc) }
	];
	const rows: ReplayStep[] = [];
	let pending: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => pending.push(u));
	let seq = 10;
	while (rows.length < steps) {
		randomOp(doc, rng, rng.pick(PEOPLE), 'gesture');
		if (pending.length === 0) continue;
		seq += 1 + rng.int(3);
		rows.push({ seq, update: Y.mergeUpdates(pending) });
		pending = [];
		live.set(seq, canonicalJson(docToFile(doc, 'm')));
		if (rows.length % checkpointEvery === 0)
			checkpoints.push({ seq, state: Y.encodeStateAsUpdate(doc) });
	}
	/** What the route answers for `to`: the checkpoint at or before it and the rows after it. */
	const segmentTo = (to: number): ReplaySegment => {
		const cp = checkpoints.filter((c) => c.seq <= to).at(-1)!;
		return {
			fromSeq: cp.seq,
			base: cp.state,
			steps: rows.filter((r) => r.seq > cp.seq && r.seq <= to)
		};
	};
	return { rows, live, checkpoints, segmentTo };
}

const rebuilt = (replay: Replay, seq: number) => {
	const doc = replay.docAt(seq);
	return doc && canonicalJson(docToFile(doc, 'm'));
};

describe('Replay', () => {
	it('rebuilds every step as a live client had it, in any order, across segments', () => {
		const h = history(7, 300, 60);
		const replay = new Replay(8);
		// Segments as the panel loads them: one per checkpoint, up to just before the next one.
		for (const [i, cp] of h.checkpoints.entries()) {
			const next = (h.checkpoints[i + 1]?.seq ?? h.rows.at(-1)!.seq + 1) - 1;
			replay.add(h.segmentTo(next));
			expect(replay.covers(cp.seq)).toBe(true);
		}
		const rng = seededRng(11);
		const seqs = [10, ...h.rows.map((r) => r.seq)];
		// Forward one step at a time (a drag), then random jumps both ways, then backwards.
		const order = [
			...seqs,
			...Array.from({ length: 200 }, () => rng.pick(seqs)),
			...[...seqs].reverse().filter((_, i) => i % 3 === 0)
		];
		for (const seq of order) expect(rebuilt(replay, seq), `step ${seq}`).toBe(h.live.get(seq));
		replay.destroy();
	});

	it('answers a seq between two steps with the state after the earlier one', () => {
		const h = history(3, 40, 1000);
		const replay = new Replay(5);
		replay.add(h.segmentTo(h.rows.at(-1)!.seq));
		const [a, b] = [h.rows[20], h.rows[21]];
		if (b.seq > a.seq + 1) expect(rebuilt(replay, a.seq + 1)).toBe(h.live.get(a.seq));
		expect(rebuilt(replay, b.seq)).toBe(h.live.get(b.seq));
	});

	it('covers only what was added; refuses steps out of order', () => {
		const h = history(5, 50, 20);
		const replay = new Replay(4);
		const segment = h.segmentTo(h.rows[30].seq);
		replay.add(segment);
		expect(replay.covers(segment.fromSeq)).toBe(true);
		expect(replay.covers(h.rows[30].seq)).toBe(true);
		expect(replay.covers(h.rows[31].seq)).toBe(false);
		expect(replay.covers(10)).toBe(false);
		expect(replay.docAt(h.rows[45].seq)).toBeNull();
		// The same checkpoint asked for further extends the segment (the shorter answer is ignored).
		expect(rebuilt(replay, h.rows[30].seq)).toBe(h.live.get(h.rows[30].seq));
		replay.add(h.segmentTo(h.rows[38].seq));
		replay.add(h.segmentTo(h.rows[25].seq));
		expect(replay.covers(h.rows[38].seq)).toBe(true);
		for (const r of h.rows.slice(19, 39)) expect(rebuilt(replay, r.seq)).toBe(h.live.get(r.seq));
		expect(() =>
			replay.add({ fromSeq: 100, base: segment.base, steps: [{ seq: 100, update: segment.base }] })
		).toThrow(/out of order/);
		expect(() => new Replay(0)).toThrow(/every/);
	});
});
