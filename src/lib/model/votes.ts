/** Votes: a 1-5 confidence per person per node (see `VoteRecordSchema` in schema.ts). */
import type * as Y from 'yjs';
import { getVotesMap, nowIso } from './doc';
import {
	VOTE_MAX,
	VOTE_MIN,
	VoteRecordSchema,
	describeIssues,
	voteKey,
	type VoteRecord
} from './schema';
import type { Author } from './comments';
import type { Problem } from './read';

/** Sets (or, with `null`, withdraws) this person's vote on a node. */
export function castVote(
	doc: Y.Doc,
	nodeId: string,
	voter: Author,
	value: number | null,
	origin: unknown
): void {
	const votes = getVotesMap(doc);
	const key = voteKey(nodeId, voter.id);
	if (value === null) {
		if (votes.has(key)) doc.transact(() => votes.delete(key), origin);
		return;
	}
	if (!Number.isInteger(value) || value < VOTE_MIN || value > VOTE_MAX) return;
	const vote: VoteRecord = { nodeId, voterId: voter.id, voter: voter.name, value, at: nowIso() };
	doc.transact(() => votes.set(key, vote), origin);
}

export interface Tally {
	count: number;
	mean: number;
	/** counts[i] is the number of votes of value i + 1. */
	counts: number[];
}

/** Reads valid votes; a vote stored under a key that does not match its own fields is a problem. */
export function readVotes(doc: Y.Doc, problems: Problem[] = []): VoteRecord[] {
	const out: VoteRecord[] = [];
	getVotesMap(doc).forEach((value, key) => {
		const parsed = VoteRecordSchema.safeParse(value);
		if (!parsed.success)
			problems.push({ scope: 'vote', id: key, reason: describeIssues(parsed.error) });
		else if (voteKey(parsed.data.nodeId, parsed.data.voterId) !== key)
			problems.push({ scope: 'vote', id: key, reason: 'vote stored under another key' });
		else out.push(parsed.data);
	});
	return out;
}

export function tallyVotes(votes: VoteRecord[]): Map<string, Tally> {
	const tallies = new Map<string, Tally>();
	for (const v of votes) {
		let t = tallies.get(v.nodeId);
		if (!t) tallies.set(v.nodeId, (t = { count: 0, mean: 0, counts: [0, 0, 0, 0, 0] }));
		t.counts[v.value - VOTE_MIN]++;
		t.mean = (t.mean * t.count + v.value) / (t.count + 1);
		t.count++;
	}
	return tallies;
}
