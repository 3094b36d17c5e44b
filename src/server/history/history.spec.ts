import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../storage/storage';
import { parseMoment, seqAtTime } from './moments';
import { seededRng } from '$tests/helpers/rng';
import { LogDigest } from './log-digest';
import { activityOf } from './report';
import { sessionsOf } from './sessions';

const entry = (seq: number, at: number, authorId: string | null = 'ada'): LogEntry => ({
	seq,
	at,
	authorId,
	size: 10
});

describe('parseMoment', () => {
	it.each([
		['now', { kind: 'now' }],
		['v3', { kind: 'version', id: 'v3' }],
		['0', { kind: 'seq', seq: 0 }],
		['1234', { kind: 'seq', seq: 1234 }],
		['2026-12-01T10:00:00Z', { kind: 'time', at: Date.parse('2026-12-01T10:00:00Z') }],
		['2026-12-01T10:00:00.5+01:00', { kind: 'time', at: Date.parse('2026-12-01T09:00:00.5Z') }]
	])('reads %s', (raw, moment) => {
		expect(parseMoment(raw)).toEqual({ ok: true, moment });
	});

	it.each([
		[null, /missing/],
		['', /missing/],
		['v0', /not a moment/],
		['-1', /not a moment/],
		['01', /not a moment/],
		['1e3', /not a moment/],
		['9999999999999999', /not a moment/],
		['2026-13-45T99:00:00Z', /not a moment/],
		['2026-12-01', /not a moment/],
		['yesterday', /not a moment/],
		['x'.repeat(65), /longer/]
	])('refuses %s', (raw, error) => {
		const parsed = parseMoment(raw);
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.error).toMatch(error);
	});
});

describe('seqAtTime', () => {
	const log = [entry(5, 100), entry(9, 200), entry(12, 300)];
	it.each([
		[50, 2],
		[100, 5],
		[250, 9],
		[999, 12]
	])('at %i → step %i', (at, seq) => expect(seqAtTime(log, at, 2)).toBe(seq));
});

describe('sessionsOf', () => {
	it('splits at quiet of at least the gap, counting steps per author', () => {
		const log = [
			entry(1, 0, 'ada'),
			entry(2, 500, 'bo'),
			entry(3, 999, 'ada'),
			// 1000 ms of quiet: a new session.
			entry(4, 1999, null),
			entry(5, 2500, 'bo'),
			entry(6, 10_000, 'bo')
		];
		const sessions = sessionsOf(log, 1000);
		expect(sessions.map((s) => [s.id, s.firstSeq, s.lastSeq, s.steps])).toEqual([
			['s1', 1, 3, 3],
			['s4', 4, 5, 2],
			['s6', 6, 6, 1]
		]);
		expect(sessions[0].authors).toEqual([
			{ authorId: 'ada', steps: 2 },
			{ authorId: 'bo', steps: 1 }
		]);
		expect(sessions[0].start).toBe(new Date(0).toISOString());
		expect(sessionsOf([], 1000)).toEqual([]);
	});

	it.each([1, 2, 3, 4, 5])(
		'seed %i: a log digest extended in overlapping pieces gives the sessions and activity of one pass',
		(seed) => {
			const rng = seededRng(seed);
			const log: LogEntry[] = [];
			let at = 0;
			for (let seq = 1; seq <= 300; seq++) {
				at += rng.pick([0, 10, 999, 1000, 5000]);
				log.push(entry(seq * 3, at, rng.pick(['ada', 'bo', null])));
			}
			const digest = new LogDigest(1000);
			let from = 0;
			while (from < log.length) {
				// Pages that may repeat rows already counted (two readers of one index).
				const start = Math.max(0, from - rng.int(6));
				const end = Math.min(log.length, from + 1 + rng.int(40));
				digest.extend(log.slice(start, end));
				expect(digest.sessions.sessions()).toEqual(sessionsOf(log.slice(0, end), 1000));
				expect(digest.tally.activity()).toEqual(activityOf(log.slice(0, end)));
				from = end;
			}
			expect(digest.count).toBe(300);
			expect(digest.first).toBe(log[0]);
			expect(digest.last).toBe(log[299]);
		}
	);
});
