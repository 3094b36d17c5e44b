/**
 * History's heavy work (issue 14), run in the worker pool like exports: rebuilding a moment from its
 * checkpoint and the log rows after it, the differences between two moments and the instructor's
 * report over a long log. The event loop only reads storage (in bounded pages, see
 * `http/history.ts`) and hands the bytes over; a rebuild of thousands of rows no longer stalls every
 * socket of the process.
 */
import * as Y from 'yjs';
import { readThreads } from '$lib/model/comments';
import { diffMaps, type MapDiff } from '$lib/model/diff';
import { docToFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import { readVotes } from '$lib/model/votes';
import type { MapReport } from '$lib/api/wire';
import { buildReport, reportCsv, type LogActivity } from '../history/report';
import type { StateAt } from '../storage/storage';

/**
 * A map's state as a job takes it: one full update (the live map, a named version) or a checkpoint
 * and the rows after it (a moment of the history, `HistoryStore.stateAt`).
 */
export type StateInput = Uint8Array | Pick<StateAt, 'base' | 'updates'>;

/** The document of a state; the caller destroys it. Rows are applied in one transaction. */
export function docOfState(state: StateInput): Y.Doc {
	const doc = new Y.Doc();
	if (state instanceof Uint8Array) Y.applyUpdate(doc, state);
	else
		doc.transact(() => {
			Y.applyUpdate(doc, state.base);
			for (const update of state.updates) Y.applyUpdate(doc, update);
		});
	return doc;
}

export interface MomentInput {
	state: StateInput;
	id: string;
	/** `json`: the warrant-map file as JSON text; `yjs`: the whole state as one update. */
	format: 'json' | 'yjs';
}
export type MomentOutput =
	{ ok: true; json: string } | { ok: true; update: Uint8Array } | { ok: false; error: string };

export function momentJob(input: MomentInput): MomentOutput {
	const doc = docOfState(input.state);
	try {
		if (input.format === 'yjs') return { ok: true, update: Y.encodeStateAsUpdate(doc) };
		return { ok: true, json: JSON.stringify(docToFile(doc, input.id)) };
	} catch (err) {
		return { ok: false, error: (err as Error).message };
	} finally {
		doc.destroy();
	}
}

export function diffJob(input: { from: StateInput; to: StateInput }): MapDiff {
	const a = docOfState(input.from);
	const b = docOfState(input.to);
	try {
		return diffMaps(readMap(a), readMap(b));
	} finally {
		a.destroy();
		b.destroy();
	}
}

export interface ReportInput {
	/** The live map. */
	state: Uint8Array;
	/** The log's activity (`history/log-digest.ts`). */
	activity: LogActivity;
	format: 'json' | 'csv';
}

export function reportJob(
	input: ReportInput
): { format: 'json'; report: MapReport } | { format: 'csv'; csv: string } {
	const doc = docOfState(input.state);
	try {
		const report = buildReport(readMap(doc), readThreads(doc), readVotes(doc), input.activity);
		return input.format === 'json'
			? { format: 'json', report }
			: { format: 'csv', csv: reportCsv(report) };
	} finally {
		doc.destroy();
	}
}
