/**
 * What rebuilding a map at a moment needs, from any `HistoryStore` (the server's, or the export
 * CLI's read-only one): a checkpoint and the rows after it, or a named version's state, with the
 * moment's log position. Storage reads only, in bounded pages; the rebuilding itself is the
 * caller's (a worker job on the server). Refusals say what is wrong, with the HTTP status the API
 * answers them with.
 */
import { lastLogSeq, readLog } from './log-pages';
import { seqAtTime, type Moment } from './moments';
import type { HistoryStore, StateAt } from '../storage/storage';

export type MomentState =
	| { ok: true; seq: number; state: StateAt }
	| { ok: false; status: 400 | 404 | 410; error: string; reason?: 'pruned' };

/** `what` names the moment in refusals (`from`, `to`, `version`). */
export async function momentState(
	store: HistoryStore,
	id: string,
	moment: Moment,
	what: string
): Promise<MomentState> {
	const noMap = { ok: false, status: 404, error: `no map ${id}` } as const;
	if (moment.kind === 'version') {
		const found = await store.getVersion(id, moment.id);
		if (found)
			return {
				ok: true,
				seq: found.version.seq,
				state: { base: found.state, baseSeq: found.version.seq, updates: [], seqs: [] }
			};
		if ((await store.oldestSeq(id)) === null) return noMap;
		return { ok: false, status: 404, error: `${what}: no version ${moment.id} of map ${id}` };
	}
	const lastRow = await lastLogSeq(store, id);
	if (!lastRow.known) return noMap;
	const oldest = (await store.oldestSeq(id)) ?? 0;
	const last = Math.max(oldest, lastRow.seq ?? oldest);
	let seq: number;
	if (moment.kind === 'now') seq = last;
	else if (moment.kind === 'time') {
		const upTo = (await readLog(store, id, (e) => e.at > moment.at)) ?? [];
		seq = seqAtTime(upTo, moment.at, oldest);
	} else {
		if (moment.seq > last)
			return {
				ok: false,
				status: 400,
				error: `${what}: step ${moment.seq} is after the last step (${last})`
			};
		seq = moment.seq;
	}
	const found = await store.stateAt(id, seq);
	if (found === null) return noMap;
	if (found === 'pruned')
		return {
			ok: false,
			status: 410,
			error: `${what}: history before step ${oldest} was pruned`,
			reason: 'pruned'
		};
	return { ok: true, seq, state: found };
}
