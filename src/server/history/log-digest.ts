/**
 * What history's summaries need from a map's log, kept per process for recently read maps so that
 * a read takes only the rows stored since the last one: the sessions `GET …/history` lists and the
 * activity the instructor's report counts. A seminar's map gains thousands of rows an hour; reading
 * them all again on every request grew with the map's age (54,000 rows: about 190 ms a read).
 *
 * A kept digest is trusted only while the log it was built from is still the start of the map's
 * log: its first row and its last row are read again and must be the same rows (seq, time, size,
 * author). Pruning (the first row goes), a map made again under the same id (PostgreSQL numbers each
 * map's rows from 1 again), or a store swapped under the process fail that check, and the digest
 * is built again from the whole log. Rows are only ever appended after the last one, in seq order
 * (both stores), so the rows after the last counted one are exactly what is new.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HISTORY_READ_PAGE } from '../limits';
import type { HistoryStore, LogEntry } from '../storage/storage';
import { ActivityTally } from './report';
import { SessionIndex } from './sessions';

/** Maps whose digests are kept; the least recently read goes first. */
export const LOG_DIGEST_MAPS = 256;

type LogReader = Pick<HistoryStore, 'logEntries'>;

const sameRow = (a: LogEntry, b: LogEntry | undefined) =>
	b !== undefined &&
	a.seq === b.seq &&
	a.at === b.at &&
	a.size === b.size &&
	a.authorId === b.authorId;

export class LogDigest {
	/** Rows counted (the steps history holds). */
	count = 0;
	first: LogEntry | null = null;
	last: LogEntry | null = null;
	readonly sessions: SessionIndex;
	readonly tally = new ActivityTally();

	constructor(readonly gapMs: number) {
		this.sessions = new SessionIndex(gapMs);
	}

	/**
	 * Counts the rows after the last one counted (rows at or before it are skipped, so pages that
	 * overlap count each row once). Rows come in increasing seq.
	 */
	extend(entries: readonly LogEntry[]): void {
		for (const e of entries) {
			if (this.last && e.seq <= this.last.seq) continue;
			this.first ??= e;
			this.last = e;
			this.count++;
			this.sessions.add(e);
			this.tally.add(e);
		}
	}
}

export class LogDigests {
	private readonly digests = new Map<string, LogDigest>();

	constructor(
		private readonly maxMaps = LOG_DIGEST_MAPS,
		private readonly pageRows = HISTORY_READ_PAGE
	) {}

	/**
	 * The map's digest brought up to its log's last row, or null for an unknown map. The log is read
	 * in bounded pages, yielding to the event loop between them. Concurrent reads of one map each
	 * take the kept digest or build their own; none shares one being extended.
	 */
	async read(store: LogReader, id: string, gapMs: number): Promise<LogDigest | null> {
		let digest = this.digests.get(id);
		this.digests.delete(id);
		if (digest && !(await this.stillHolds(store, id, digest, gapMs))) digest = undefined;
		digest ??= new LogDigest(gapMs);
		let afterSeq = digest.last?.seq ?? -1;
		for (;;) {
			const page = await store.logEntries(id, { afterSeq, limit: this.pageRows });
			if (page === null) return null;
			digest.extend(page);
			if (page.length < this.pageRows) break;
			afterSeq = page[page.length - 1].seq;
			await nextTurn();
		}
		this.digests.set(id, digest);
		while (this.digests.size > this.maxMaps)
			this.digests.delete(this.digests.keys().next().value as string);
		return digest;
	}

	/** Whether `digest` still describes the start of the map's log (two one-row reads). */
	private async stillHolds(
		store: LogReader,
		id: string,
		digest: LogDigest,
		gapMs: number
	): Promise<boolean> {
		if (digest.gapMs !== gapMs || !digest.first || !digest.last) return false;
		const first = await store.logEntries(id, { afterSeq: -1, limit: 1 });
		if (!first || !sameRow(digest.first, first[0])) return false;
		const last = await store.logEntries(id, { afterSeq: digest.last.seq - 1, limit: 1 });
		return last !== null && sameRow(digest.last, last[0]);
	}

	/** Maps held. */
	get size(): number {
		return this.digests.size;
	}
}
