/**
 * Sessions: bursts of editing separated by at least `gapMs` of quiet, read off the stored log's
 * times. Each ends with an automatic version (its last step). Times are when the server stored a
 * change, so edits made offline count when they arrived. Pure.
 */
import type { LogEntry } from '../storage/storage';

export interface Session {
	/** `s<first seq>`: stable while the log before it is kept. */
	id: string;
	start: string;
	end: string;
	firstSeq: number;
	/** The automatic version at the session's end: the map right after this step. */
	lastSeq: number;
	steps: number;
	/** Who edited, by author id (null: the server's repairs or clients that gave none), most first. */
	authors: Array<{ authorId: string | null; steps: number }>;
}

/** The session being read: its ends and how many steps each author made in it. */
interface OpenSession {
	first: LogEntry;
	last: LogEntry;
	steps: number;
	counts: Map<string | null, number>;
}

function toSession(s: OpenSession): Session {
	return {
		id: `s${s.first.seq}`,
		start: new Date(s.first.at).toISOString(),
		end: new Date(s.last.at).toISOString(),
		firstSeq: s.first.seq,
		lastSeq: s.last.seq,
		steps: s.steps,
		authors: [...s.counts]
			.map(([authorId, steps]) => ({ authorId, steps }))
			.sort((a, b) => b.steps - a.steps || String(a.authorId).localeCompare(String(b.authorId)))
	};
}

/**
 * A map's sessions, built from its log oldest first and extended as rows are appended (the
 * process keeps one per recently read map: `log-digest.ts`). Memory is one small record per
 * session, not per row. Rows must come in increasing seq, each once.
 */
export class SessionIndex {
	private closed: Session[] = [];
	private open: OpenSession | null = null;

	constructor(readonly gapMs: number) {}

	add(e: LogEntry): void {
		const open = this.open;
		if (open && e.at - open.last.at < this.gapMs) {
			open.last = e;
			open.steps++;
			open.counts.set(e.authorId, (open.counts.get(e.authorId) ?? 0) + 1);
			return;
		}
		if (open) this.closed.push(toSession(open));
		this.open = { first: e, last: e, steps: 1, counts: new Map([[e.authorId, 1]]) };
	}

	/** Every session, oldest first; the last one is still open to rows appended later. */
	sessions(): Session[] {
		return this.open ? [...this.closed, toSession(this.open)] : [...this.closed];
	}
}

export function sessionsOf(entries: readonly LogEntry[], gapMs: number): Session[] {
	const index = new SessionIndex(gapMs);
	for (const e of entries) index.add(e);
	return index.sessions();
}
