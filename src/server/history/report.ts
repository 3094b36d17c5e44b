/**
 * The instructor's report of a map (issue 14): per participant, what they did, and the map's open
 * work. Participants are keyed by participant id (`authorId`, votes' `voterId`, the author id stored
 * with each update); records without one count under their display name (`name:<name>`). Pure.
 *
 * - nodes, edges, comments, replies, votes: records they wrote that still exist;
 * - anchors: anchors on their nodes; sentences: the sentences those anchors cover (their coverage);
 * - steps: stored updates sent by them; active minutes: distinct minutes with at least one step.
 * The shapes are wire types (`$lib/api/wire.ts`): the report page reads them.
 * Open work: questions nobody answered (question nodes without an incoming edge), unresolved threads,
 * contested nodes (at least one vote of 1-2 and one of 4-5), sentences no node is anchored to.
 */
import type { MapReport, ParticipantReport } from '$lib/api/wire';
import type { Thread } from '$lib/model/comments';
import type { MapView } from '$lib/model/read';
import type { VoteRecord } from '$lib/model/schema';
import type { LogEntry } from '../storage/storage';

const keyOf = (id: string | null | undefined, name: string | undefined): string | null =>
	id ? id : name?.trim() ? `name:${name.trim()}` : null;

/** What the report takes from the log: steps per hour, and per author steps and active minutes. */
export interface LogActivity {
	hours: Array<{ hour: string; steps: number }>;
	authors: Array<{ authorId: string; steps: number; activeMinutes: number }>;
}

/**
 * The log's activity, extended row by row as the log grows (kept per map with its sessions,
 * `log-digest.ts`). Memory: one count per hour, and per author one entry per active minute.
 */
export class ActivityTally {
	private readonly hours = new Map<number, number>();
	private readonly authors = new Map<string, { steps: number; minutes: Set<number> }>();

	add(e: LogEntry): void {
		const hour = Math.floor(e.at / 3_600_000);
		this.hours.set(hour, (this.hours.get(hour) ?? 0) + 1);
		if (!e.authorId) return;
		let a = this.authors.get(e.authorId);
		if (!a) this.authors.set(e.authorId, (a = { steps: 0, minutes: new Set() }));
		a.steps++;
		a.minutes.add(Math.floor(e.at / 60_000));
	}

	activity(): LogActivity {
		return {
			hours: [...this.hours]
				.sort((a, b) => a[0] - b[0])
				.map(([hour, steps]) => ({ hour: new Date(hour * 3_600_000).toISOString(), steps })),
			authors: [...this.authors].map(([authorId, a]) => ({
				authorId,
				steps: a.steps,
				activeMinutes: a.minutes.size
			}))
		};
	}
}

/** The activity of a whole log at once. */
export function activityOf(log: readonly LogEntry[]): LogActivity {
	const tally = new ActivityTally();
	for (const e of log) tally.add(e);
	return tally.activity();
}

export function buildReport(
	view: Pick<MapView, 'nodes' | 'edges' | 'sentences'>,
	threads: readonly Thread[],
	votes: readonly VoteRecord[],
	activity: LogActivity
): MapReport {
	const people = new Map<string, ParticipantReport & { covered: Set<string> }>();
	const person = (key: string, name: string | undefined) => {
		let p = people.get(key);
		if (!p) {
			p = {
				key,
				name: name?.trim() || '',
				nodes: 0,
				edges: 0,
				anchors: 0,
				comments: 0,
				replies: 0,
				votes: 0,
				steps: 0,
				activeMinutes: 0,
				sentences: [],
				covered: new Set()
			};
			people.set(key, p);
		}
		if (!p.name && name?.trim()) p.name = name.trim();
		return p;
	};
	for (const n of view.nodes) {
		const key = keyOf(n.authorId, n.author);
		if (!key) continue;
		const p = person(key, n.author);
		p.nodes++;
		p.anchors += n.anchors.length;
		for (const a of n.anchors) p.covered.add(a.sentenceId);
	}
	for (const e of view.edges) {
		const key = keyOf(e.authorId, e.author);
		if (key) person(key, e.author).edges++;
	}
	for (const t of threads)
		for (const c of [t.root, ...t.replies]) {
			if (c.deleted) continue;
			const p = person(keyOf(c.authorId, c.author) ?? 'name:?', c.author);
			if (c.parent) p.replies++;
			else p.comments++;
		}
	for (const v of votes) person(v.voterId, v.voter).votes++;
	for (const a of activity.authors) {
		const p = person(a.authorId, undefined);
		p.steps += a.steps;
		p.activeMinutes += a.activeMinutes;
	}
	const order = new Map(view.sentences.map((s, i) => [s.id, i]));
	const participants = [...people.values()]
		.map(({ covered, ...p }) => ({
			...p,
			name: p.name || p.key,
			sentences: [...covered].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
		}))
		.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));

	const answered = new Set(view.edges.map((e) => e.to));
	const anchored = new Set(view.nodes.flatMap((n) => n.anchors.map((a) => a.sentenceId)));
	const byNode = new Map<string, { low: number; high: number }>();
	for (const v of votes) {
		const t = byNode.get(v.nodeId) ?? { low: 0, high: 0 };
		if (v.value <= 2) t.low++;
		if (v.value >= 4) t.high++;
		byNode.set(v.nodeId, t);
	}
	return {
		participants,
		openQuestions: view.nodes
			.filter((n) => n.kind === 'question' && !answered.has(n.id))
			.map((n) => ({ id: n.id, text: n.text })),
		unresolvedThreads: threads
			.filter((t) => !t.root.resolved && !t.root.deleted)
			.map((t) => ({
				id: t.root.id,
				targetType: t.root.targetType,
				targetId: t.root.targetId,
				body: t.root.body
			})),
		contestedNodes: view.nodes.flatMap((n) => {
			const t = byNode.get(n.id);
			return t && t.low > 0 && t.high > 0 ? [{ id: n.id, text: n.text, ...t }] : [];
		}),
		unmappedSentences: view.sentences
			.filter((s) => !anchored.has(s.id))
			.map((s) => ({ id: s.id, text: s.text })),
		activity: activity.hours
	};
}

/** A CSV field: quoted, quotes doubled; a leading =, +, - or @ is prefixed so spreadsheets never run it. */
const field = (v: string | number): string => {
	const s = String(v);
	const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
	return `"${safe.replace(/"/g, '""')}"`;
};

/** One row per participant (RFC 4180, CRLF). */
export function reportCsv(report: MapReport): string {
	const head = [
		'participant id',
		'name',
		'nodes',
		'edges',
		'anchors',
		'comments',
		'replies',
		'votes',
		'steps',
		'active minutes',
		'sentences mapped'
	];
	const rows = report.participants.map((p) =>
		[
			p.key,
			p.name,
			p.nodes,
			p.edges,
			p.anchors,
			p.comments,
			p.replies,
			p.votes,
			p.steps,
			p.activeMinutes,
			p.sentences.length
		]
			.map(field)
			.join(',')
	);
	return [head.map(field).join(','), ...rows].join('\r\n') + '\r\n';
}
