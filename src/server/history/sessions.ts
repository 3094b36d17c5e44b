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

export function sessionsOf(entries: readonly LogEntry[], gapMs: number): Session[] {
	const out: Session[] = [];
	let current: LogEntry[] = [];
	const close = () => {
		if (current.length === 0) return;
		const counts = new Map<string | null, number>();
		for (const e of current) counts.set(e.authorId, (counts.get(e.authorId) ?? 0) + 1);
		const first = current[0];
		const last = current[current.length - 1];
		out.push({
			id: `s${first.seq}`,
			start: new Date(first.at).toISOString(),
			end: new Date(last.at).toISOString(),
			firstSeq: first.seq,
			lastSeq: last.seq,
			steps: current.length,
			authors: [...counts]
				.map(([authorId, steps]) => ({ authorId, steps }))
				.sort((a, b) => b.steps - a.steps || String(a.authorId).localeCompare(String(b.authorId)))
		});
		current = [];
	};
	for (const e of entries) {
		const prev = current[current.length - 1];
		if (prev && e.at - prev.at >= gapMs) close();
		current.push(e);
	}
	close();
	return out;
}
