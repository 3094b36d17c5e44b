/**
 * Moments of a map's history, as the API names them (`from`, `to`, `<v>`, a restore's `to`):
 *   `now`          the map as it is
 *   `v<n>`         a named version
 *   `<seq>`        the map right after log row `seq` (a step of the history; 0 = as created)
 *   an ISO 8601 time with offset   the map as it was then (after every row stored by that time)
 * Parsing is pure and refuses anything else with a message naming the forms.
 */
import type { LogEntry } from '../storage/storage';

export type Moment =
	| { kind: 'now' }
	| { kind: 'version'; id: string }
	| { kind: 'seq'; seq: number }
	| { kind: 'time'; at: number };

export const MOMENT_FORMS =
	'now, a version id (v1), a step number (0, 1234), or an ISO 8601 time with offset (2026-12-01T10:00:00Z)';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseMoment(
	raw: string | null
): { ok: true; moment: Moment } | { ok: false; error: string } {
	if (raw === null || raw === '') return { ok: false, error: `missing; give ${MOMENT_FORMS}` };
	if (raw.length > 64) return { ok: false, error: 'longer than any moment' };
	if (raw === 'now') return { ok: true, moment: { kind: 'now' } };
	if (/^v[1-9][0-9]{0,8}$/.test(raw)) return { ok: true, moment: { kind: 'version', id: raw } };
	if (/^(0|[1-9][0-9]{0,14})$/.test(raw))
		return { ok: true, moment: { kind: 'seq', seq: Number(raw) } };
	if (ISO_TIME.test(raw)) {
		const at = Date.parse(raw);
		if (Number.isFinite(at)) return { ok: true, moment: { kind: 'time', at } };
	}
	return { ok: false, error: `${JSON.stringify(raw)} is not a moment; give ${MOMENT_FORMS}` };
}

/**
 * The log position of a time: the last row stored at or before it, or `oldest` (the first state
 * history holds) when none was.
 */
export function seqAtTime(entries: readonly LogEntry[], at: number, oldest: number): number {
	let seq = oldest;
	for (const e of entries) {
		if (e.at > at) break;
		if (e.seq > seq) seq = e.seq;
	}
	return seq;
}
