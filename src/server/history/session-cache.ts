/**
 * The sessions of recently read maps, kept per process so that a history read reads only the log
 * rows stored since the last one (a seminar's map gains thousands of rows an hour; reading them all
 * again on every `GET …/history` grew with the map's age).
 *
 * A cached index is trusted only while the log it was built from is still the start of the map's
 * log: its first row and its last row are read again and must be the same rows (seq, time, size,
 * author). Pruning (the first row goes), a map deleted and made again under the same id (PostgreSQL
 * numbers each map's rows from 1 again), or a store swapped under the process all fail that check,
 * and the index is built again from the whole log. Rows are only ever appended after the last one,
 * in seq order (both stores), so the rows after the last counted one are exactly what is new.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HISTORY_READ_PAGE } from '../limits';
import type { HistoryStore, LogEntry } from '../storage/storage';
import { SessionIndex } from './sessions';

/** Maps whose sessions are kept; the least recently read goes first. */
export const SESSION_CACHE_MAPS = 256;

const sameRow = (a: LogEntry, b: LogEntry | undefined) =>
	b !== undefined &&
	a.seq === b.seq &&
	a.at === b.at &&
	a.size === b.size &&
	a.authorId === b.authorId;

export class SessionCache {
	private readonly indexes = new Map<string, SessionIndex>();

	constructor(
		private readonly maxMaps = SESSION_CACHE_MAPS,
		private readonly pageRows = HISTORY_READ_PAGE
	) {}

	/**
	 * The map's sessions index brought up to its log's last row, or null for an unknown map. The
	 * log is read in bounded pages, yielding to the event loop between them.
	 */
	async read(
		store: Pick<HistoryStore, 'logEntries'>,
		id: string,
		gapMs: number
	): Promise<SessionIndex | null> {
		let index = this.indexes.get(id);
		this.indexes.delete(id);
		if (index && !(await this.stillHolds(store, id, index, gapMs))) index = undefined;
		index ??= new SessionIndex(gapMs);
		let afterSeq = index.last?.seq ?? -1;
		for (;;) {
			const page = await store.logEntries(id, { afterSeq, limit: this.pageRows });
			if (page === null) return null;
			index.extend(page);
			if (page.length < this.pageRows) break;
			afterSeq = page[page.length - 1].seq;
			await nextTurn();
		}
		this.indexes.set(id, index);
		while (this.indexes.size > this.maxMaps)
			this.indexes.delete(this.indexes.keys().next().value as string);
		return index;
	}

	/** Whether `index` still describes the start of the map's log (two one-row reads). */
	private async stillHolds(
		store: Pick<HistoryStore, 'logEntries'>,
		id: string,
		index: SessionIndex,
		gapMs: number
	): Promise<boolean> {
		if (index.gapMs !== gapMs || !index.first || !index.last) return false;
		const first = await store.logEntries(id, { afterSeq: -1, limit: 1 });
		if (!first || !sameRow(index.first, first[0])) return false;
		const last = await store.logEntries(id, { afterSeq: index.last.seq - 1, limit: 1 });
		return last !== null && sameRow(index.last, last[0]);
	}

	/** Maps held (for tests and the debug stats). */
	get size(): number {
		return this.indexes.size;
	}
}
