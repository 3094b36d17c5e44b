/**
 * Comment threads on nodes, edges and sentences (the `comments` root map, `ROOT.comments` in
 * `schema.ts`). Each comment is a Y.Map so that resolving a thread and editing a body never
 * overwrite each other.
 */
import * as Y from 'yjs';
import { getCommentsMap, newId, nowIso } from './doc';
import {
	COMMENT_FIELDS,
	CommentRecordSchema,
	describeIssues,
	type CommentRecord,
	type CommentTarget
} from './schema';
import type { Problem } from './read';

export interface Author {
	id: string;
	name: string;
}

export function addComment(
	doc: Y.Doc,
	input: {
		targetType: CommentTarget;
		targetId: string;
		body: string;
		parent?: string;
		author: Author;
	},
	origin: unknown
): string | null {
	const body = input.body.trim();
	if (!body) return null;
	const id = newId('c');
	doc.transact(() => {
		const c = new Y.Map<unknown>();
		c.set(COMMENT_FIELDS.targetType, input.targetType);
		c.set(COMMENT_FIELDS.targetId, input.targetId);
		if (input.parent) c.set(COMMENT_FIELDS.parent, input.parent);
		c.set(COMMENT_FIELDS.body, body.slice(0, 10_000));
		c.set(COMMENT_FIELDS.author, input.author.name);
		c.set(COMMENT_FIELDS.authorId, input.author.id);
		c.set(COMMENT_FIELDS.createdAt, nowIso());
		getCommentsMap(doc).set(id, c);
	}, origin);
	return id;
}

/** Resolves or reopens a thread (set on its root comment). */
export function setThreadResolved(
	doc: Y.Doc,
	rootId: string,
	resolved: boolean,
	origin: unknown
): void {
	const c = getCommentsMap(doc).get(rootId);
	if (!(c instanceof Y.Map) || c.get(COMMENT_FIELDS.parent)) return;
	doc.transact(() => c.set(COMMENT_FIELDS.resolved, resolved), origin);
}

/**
 * Deletes a comment if `authorId` wrote it. A comment with replies becomes a tombstone so the replies
 * keep their thread; one without replies is removed.
 */
export function deleteOwnComment(
	doc: Y.Doc,
	id: string,
	authorId: string,
	origin: unknown
): boolean {
	const comments = getCommentsMap(doc);
	const c = comments.get(id);
	if (!(c instanceof Y.Map) || c.get(COMMENT_FIELDS.authorId) !== authorId) return false;
	let hasReplies = false;
	comments.forEach((other) => {
		if (other instanceof Y.Map && other.get(COMMENT_FIELDS.parent) === id) hasReplies = true;
	});
	doc.transact(() => {
		if (hasReplies) {
			c.set(COMMENT_FIELDS.deleted, true);
			c.set(COMMENT_FIELDS.body, '');
		} else comments.delete(id);
	}, origin);
	return true;
}

export interface Thread {
	root: CommentRecord;
	replies: CommentRecord[];
}

/** Reads every valid comment, grouped into threads in time order. Orphan replies are problems. */
export function readThreads(doc: Y.Doc, problems: Problem[] = []): Thread[] {
	const all: CommentRecord[] = [];
	getCommentsMap(doc).forEach((value, id) => {
		if (!(value instanceof Y.Map)) {
			problems.push({ scope: 'comment', id, reason: 'comment is not a Y.Map' });
			return;
		}
		const parsed = CommentRecordSchema.safeParse({ id, ...value.toJSON() });
		if (parsed.success) all.push(parsed.data);
		else problems.push({ scope: 'comment', id, reason: describeIssues(parsed.error) });
	});
	all.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
	const threads = new Map<string, Thread>();
	for (const c of all) if (!c.parent) threads.set(c.id, { root: c, replies: [] });
	for (const c of all) {
		if (!c.parent) continue;
		const thread = threads.get(c.parent);
		if (thread) thread.replies.push(c);
		else
			problems.push({ scope: 'comment', id: c.id, reason: `reply to missing comment ${c.parent}` });
	}
	return [...threads.values()];
}

/** Open-thread counts per target, e.g. for badges: key `${targetType}:${targetId}`. */
export function openThreadCounts(threads: Thread[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const t of threads) {
		if (t.root.resolved) continue;
		const key = `${t.root.targetType}:${t.root.targetId}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}
