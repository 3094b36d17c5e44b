/**
 * Document contract v1: the one place that names every shared type of a map's Y.Doc and the shape of
 * every record in it. Everything else (accessors, map files, formats, the view) imports from here.
 *
 * Invariants of a valid document:
 * - `meta.schema === 1`; `meta.source.text` is never edited after import.
 * - every sentence satisfies `source.text.slice(start, end) === text`.
 * - every node's `kind` is one of NODE_KINDS and its `text` is a Y.Text.
 * - every edge's `from` is a node id; its `to` is a node id, or an edge id when relation is 'undercuts'.
 * Peers can send anything, so readers validate and never assume these hold (see `read.ts`).
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/** Names of the top-level shared types. Each is created by exactly one accessor in `doc.ts`. */
export const ROOT = {
	meta: 'meta',
	sentences: 'sentences',
	nodes: 'nodes',
	edges: 'edges',
	comments: 'comments',
	votes: 'votes'
} as const;

export const NODE_KINDS = [
	'thesis',
	'claim',
	'evidence',
	'counterpoint',
	'rebuttal',
	'question',
	'note'
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const RELATIONS = ['supports', 'attacks', 'undercuts'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Map ids are room names and file names: lower-case, URL- and file-safe. */
export const MAP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const isMapId = (value: unknown): value is string =>
	typeof value === 'string' && MAP_ID_PATTERN.test(value);

/** Record ids inside a map (nodes, edges, sentences, comments). */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const recordId = z.string().regex(RECORD_ID_PATTERN, 'must be 1-64 letters, digits, _ or -');
const isoDate = z.iso.datetime({ offset: true });
const offset = z.number().int().nonnegative();

export const SourceSchema = z.object({
	title: z.string().max(500),
	author: z.string().max(500),
	publication: z.string().max(500),
	date: z.string().max(100),
	lang: z.string().max(35),
	text: z.string().max(2_000_000)
});
export type Source = z.infer<typeof SourceSchema>;

export const MetaSchema = z.object({
	schema: z.literal(SCHEMA_VERSION),
	title: z.string().min(1).max(500),
	createdAt: isoDate,
	source: SourceSchema
});
export type Meta = z.infer<typeof MetaSchema>;

export const SentenceSchema = z.object({
	id: recordId,
	text: z.string(),
	start: offset,
	end: offset,
	paragraph: z.number().int().nonnegative()
});
export type Sentence = z.infer<typeof SentenceSchema>;

/** A W3C TextPositionSelector (start, end) plus TextQuoteSelector (exact, prefix, suffix). */
export const AnchorSchema = z.object({
	sentenceId: recordId,
	start: offset,
	end: offset,
	exact: z.string().min(1),
	prefix: z.string(),
	suffix: z.string()
});
export type Anchor = z.infer<typeof AnchorSchema>;

export const NodeKindSchema = z.enum(NODE_KINDS);
export const RelationSchema = z.enum(RELATIONS);

/** A node as plain data (its Y.Text flattened to a string). */
export const NodeRecordSchema = z.object({
	id: recordId,
	kind: NodeKindSchema,
	text: z.string().max(10_000),
	x: z.number().finite().optional(),
	y: z.number().finite().optional(),
	anchors: z.array(AnchorSchema),
	author: z.string().max(200),
	createdAt: isoDate
});
export type NodeRecord = z.infer<typeof NodeRecordSchema>;

export const EdgeRecordSchema = z.object({
	id: recordId,
	from: recordId,
	to: recordId,
	relation: RelationSchema,
	group: z.string().min(1).max(64).optional(),
	author: z.string().max(200).optional(),
	createdAt: isoDate.optional()
});
export type EdgeRecord = z.infer<typeof EdgeRecordSchema>;

/** Node fields as stored in a node's Y.Map (text is a Y.Text there). */
export const NODE_FIELDS = {
	kind: 'kind',
	text: 'text',
	x: 'x',
	y: 'y',
	anchors: 'anchors',
	author: 'author',
	createdAt: 'createdAt'
} as const;

export const EDGE_FIELDS = {
	from: 'from',
	to: 'to',
	relation: 'relation',
	group: 'group',
	author: 'author',
	createdAt: 'createdAt'
} as const;

/** What a comment thread hangs on. Sentences are addressed by their sentence id. */
export const COMMENT_TARGETS = ['node', 'edge', 'sentence'] as const;
export type CommentTarget = (typeof COMMENT_TARGETS)[number];

/**
 * A comment as plain data. A thread is a root comment (no `parent`) plus its replies; only the root's
 * `resolved` counts. A deleted comment with replies stays as a tombstone (`deleted`, empty body) so
 * the thread keeps its shape.
 */
export const CommentRecordSchema = z.object({
	id: recordId,
	targetType: z.enum(COMMENT_TARGETS),
	targetId: recordId,
	parent: recordId.optional(),
	body: z.string().max(10_000),
	author: z.string().max(200),
	authorId: z.string().max(64),
	createdAt: isoDate,
	resolved: z.boolean().optional(),
	deleted: z.boolean().optional()
});
export type CommentRecord = z.infer<typeof CommentRecordSchema>;

export const COMMENT_FIELDS = {
	targetType: 'targetType',
	targetId: 'targetId',
	parent: 'parent',
	body: 'body',
	author: 'author',
	authorId: 'authorId',
	createdAt: 'createdAt',
	resolved: 'resolved',
	deleted: 'deleted'
} as const;

/**
 * Votes are a 1-5 confidence that a node's claim holds (1 = not convinced, 5 = fully convinced).
 * Stored in `votes` under the key `${nodeId}|${voterId}`, so one person has at most one vote per node
 * and changing it overwrites (last writer wins for one person voting from two tabs at once).
 */
export const VOTE_MIN = 1;
export const VOTE_MAX = 5;
export const VoteRecordSchema = z.object({
	nodeId: recordId,
	voterId: z.string().min(1).max(64),
	voter: z.string().max(200),
	value: z.number().int().min(VOTE_MIN).max(VOTE_MAX),
	at: isoDate
});
export type VoteRecord = z.infer<typeof VoteRecordSchema>;
export const voteKey = (nodeId: string, voterId: string): string => `${nodeId}|${voterId}`;

/** Turns zod issues into one line a person can act on: "nodes[3].kind: Invalid option ...". */
export function describeIssues(error: z.ZodError, prefix = ''): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => {
			const path = issue.path
				.map((p, i) =>
					typeof p === 'number' ? `[${p}]` : i === 0 && !prefix ? String(p) : `.${String(p)}`
				)
				.join('');
			return `${prefix}${path || '(root)'}: ${issue.message}`;
		})
		.join('; ')
		.concat(error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '');
}
