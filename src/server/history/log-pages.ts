/**
 * Reading a map's log without stalling the event loop: page by page (`HistoryStore.logEntries` with
 * a page), yielding to the event loop between pages, so that sockets and other requests are served
 * while a long log is read. Each page is one bounded storage read (`HISTORY_READ_PAGE` rows).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HISTORY_READ_PAGE } from '../limits';
import type { HistoryStore, LogEntry } from '../storage/storage';

const END = Number.MAX_SAFE_INTEGER;

/**
 * Every row of the log, oldest first, or null for an unknown map. `until(entry)` true stops the
 * read at that row (it is left out): a moment given as a time needs only the rows up to it.
 */
export async function readLog(
	store: HistoryStore,
	id: string,
	until: (entry: LogEntry) => boolean = () => false,
	pageRows = HISTORY_READ_PAGE
): Promise<LogEntry[] | null> {
	const out: LogEntry[] = [];
	let afterSeq = -1;
	for (;;) {
		const page = await store.logEntries(id, { afterSeq, limit: pageRows });
		if (page === null) return null;
		for (const entry of page) {
			if (until(entry)) return out;
			out.push(entry);
		}
		if (page.length < pageRows) return out;
		afterSeq = page[page.length - 1].seq;
		await nextTurn();
	}
}

/** The seq of the last row, or null for an unknown map or an empty log. One one-row read. */
export async function lastLogSeq(
	store: HistoryStore,
	id: string
): Promise<{ known: false } | { known: true; seq: number | null }> {
	const last = await store.logEntries(id, { beforeSeq: END, limit: 1 });
	if (last === null) return { known: false };
	return { known: true, seq: last.length > 0 ? last[0].seq : null };
}
