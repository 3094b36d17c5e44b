/**
 * Document contract v2: the one place that names every shared type of a map's Y.Doc and the shape of
 * every record in it, and the migrations from older versions. Everything else (accessors, map files,
 * formats, the view) imports from here.
 *
 * Invariants of a valid document:
 * - `meta.schema === SCHEMA_VERSION`; `meta.source.text` is never edited after import.
 * - every sentence satisfies `source.text.slice(start, end) === text`.
 * - every node's `kind` is one of NODE_KINDS and its `text` is a Y.Text.
 * - every edge's `from` is a node id; its `to` is a node id, or an edge id when relation is 'undercuts'.
 * - only supports edges have a `group`; only attacks have an `attackKind`.
 * - `aif` fields (on meta, nodes and edges) are data an AIF import carried in and an AIF export writes
 *   back; Warrant keeps them and never edits them.
 * Peers can send anything, so readers validate and never assume these hold (see `read.ts`).
 */
import type * as Y from 'yjs';
import { z } from 'zod/mini';
import { en } from 'zod/locales';

/*
 * zod's functional build (`zod/mini`): the same validators and parser as `zod`, without the method
 * chains that keep every schema type (and JSON Schema output) in the editor's bundle. It loads no
 * locale by itself, so messages would be the bare "Invalid input": English is set here, once, for
 * every schema in the app (the same messages `zod`'s classic build gives).
 */
z.config(en());

/**
 * History: v1 (first contract); v2 adds the `rephrases` relation (AIF MA: `from` restates `to` in
 * other words), edge `attackKind`, `title`, `description`, `tags`, `section` and `aif`, node `title`, `tags`,
 * `section`, `argument` and `aif`, and `meta.aif`; v3 adds `authorId` on nodes and edges (see
 * `MIGRATIONS`).
 */
export const SCHEMA_VERSION = 3;

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

/**
 * `rephrases`: `from` says what `to` says in other words (AIF MA, "Default Rephrase"). It is neither a
 * reason nor an objection, so it is never part of an inference and cannot be undercut.
 */
export const RELATIONS = ['supports', 'attacks', 'undercuts', 'rephrases'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Map ids are room names and file names: lower-case, URL- and file-safe. */
export const MAP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const isMapId = (value: unknown): value is string =>
	typeof value === 'string' && MAP_ID_PATTERN.test(value);

/** Record ids inside a map (nodes, edges, sentences, comments). */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const recordId = z
	.string()
	.check(z.regex(RECORD_ID_PATTERN, 'must be 1-64 letters, digits, _ or -'));
const isoDate = z.iso.datetime({ offset: true });
/** A string of at most `max` characters (and at least `min`). */
const text = (max: number, min = 0) =>
	z.string().check(...(min > 0 ? [z.minLength(min)] : []), z.maxLength(max));
/** An array of at most `max` items. */
const list = <T extends z.core.SomeType>(item: T, max: number) =>
	z.array(item).check(z.maxLength(max));

/**
 * Who wrote a record: the per-browser participant id (`LocalUser.id` in sync/user.ts, the id presence
 * announces), stable across renames. `author` beside it is the display name at the time of writing.
 * Votes carry it as `voterId` (their key), comments as `authorId`, nodes and edges (v3) as `authorId`.
 */
export const PARTICIPANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ParticipantIdSchema = z
	.string()
	.check(z.regex(PARTICIPANT_ID_PATTERN, 'must be 1-64 letters, digits, _ or -'));
export const isParticipantId = (value: unknown): value is string =>
	typeof value === 'string' && PARTICIPANT_ID_PATTERN.test(value);
const offset = z.int().check(z.nonnegative());

export const SourceSchema = z.object({
	title: text(500),
	author: text(500),
	publication: text(500),
	date: text(100),
	lang: text(35),
	text: text(2_000_000)
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * What an AIF import could not turn into nodes and edges but an AIF export must give back: the
 * dialogue layer (L, YA, TA nodes), PA and unknown node types, the AIF edges that touch them or join
 * two I-nodes directly, locutions, participants and scheme fulfilments, each as the file had it.
 */
export const AifLayerSchema = z.object({
	nodes: list(z.record(z.string(), z.unknown()), 200_000),
	edges: list(z.record(z.string(), z.unknown()), 400_000),
	locutions: list(z.unknown(), 200_000),
	participants: list(z.unknown(), 10_000),
	schemefulfillments: list(z.unknown(), 200_000),
	/** OVA's entries (position, visibility) for the nodes above. */
	ovaNodes: z.optional(list(z.record(z.string(), z.unknown()), 200_000))
});
export type AifLayer = z.infer<typeof AifLayerSchema>;

export const MetaSchema = z.object({
	schema: z.literal(SCHEMA_VERSION),
	title: text(500, 1),
	createdAt: isoDate,
	source: SourceSchema,
	aif: z.optional(AifLayerSchema)
});
export type Meta = z.infer<typeof MetaSchema>;

export const SentenceSchema = z.object({
	id: recordId,
	text: z.string(),
	start: offset,
	end: offset,
	paragraph: z.int().check(z.nonnegative())
});
export type Sentence = z.infer<typeof SentenceSchema>;

/** A W3C TextPositionSelector (start, end) plus TextQuoteSelector (exact, prefix, suffix). */
export const AnchorSchema = z.object({
	sentenceId: recordId,
	start: offset,
	end: offset,
	exact: z.string().check(z.minLength(1)),
	prefix: z.string(),
	suffix: z.string()
});
export type Anchor = z.infer<typeof AnchorSchema>;

export const NodeKindSchema = z.enum(NODE_KINDS);
export const RelationSchema = z.enum(RELATIONS);

/**
 * Kinds of attack that Argdown tells apart: `contrary` (both cannot be true), `contradictory` (exactly
 * one is true: the attack holds both ways, stored once) and `undercut` (an attack on a node that is a
 * sketched argument, aimed at its inference; a Warrant `undercuts` edge needs an edge to aim at).
 * A plain attack has none.
 */
export const ATTACK_KINDS = ['contrary', 'contradictory', 'undercut'] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

/** Free tags (Argdown `#tag`), other than the node kinds. */
export const TagsSchema = list(text(64, 1), 32);
/** A name shown with a node or an inference (Argdown's `[title]` / `<title>`), kept exactly. */
export const TitleSchema = text(200, 1);
/** The headings a node sits under, outermost first (Argdown/Markdown `#` headings). */
export const SectionSchema = z.array(text(200, 1)).check(z.minLength(1), z.maxLength(6));
/** The AIF node a node or edge came from (edges of one RA share it). */
export const AifRefSchema = z.object({
	nodeID: text(64, 1),
	/** The AIF timestamp exactly as the file had it (`YYYY-MM-DD HH:mm:ss`). */
	timestamp: z.optional(text(64)),
	scheme: z.optional(text(200)),
	schemeID: z.optional(text(64))
});
export type AifRef = z.infer<typeof AifRefSchema>;

/** A node as plain data (its Y.Text flattened to a string). */
export const NodeRecordSchema = z.object({
	id: recordId,
	kind: NodeKindSchema,
	text: text(10_000),
	x: z.optional(z.number()),
	y: z.optional(z.number()),
	anchors: z.array(AnchorSchema),
	author: text(200),
	/** v3: the writer's participant id; absent on records made before v3 or by imports. */
	authorId: z.optional(ParticipantIdSchema),
	createdAt: isoDate,
	title: z.optional(TitleSchema),
	tags: z.optional(TagsSchema),
	section: z.optional(SectionSchema),
	/** The node is an argument given as a whole (Argdown `<title>: text`), not a single statement. */
	argument: z.optional(z.literal(true)),
	aif: z.optional(AifRefSchema)
});
export type NodeRecord = z.infer<typeof NodeRecordSchema>;

export const EdgeRecordSchema = z.object({
	id: recordId,
	from: recordId,
	to: recordId,
	relation: RelationSchema,
	group: z.optional(text(64, 1)),
	author: z.optional(text(200)),
	/** v3: the writer's participant id (as on nodes). */
	authorId: z.optional(ParticipantIdSchema),
	createdAt: z.optional(isoDate),
	attackKind: z.optional(z.enum(ATTACK_KINDS)),
	/** An inference's name, description and tags (Argdown `<title>: description #tag`); on every edge of a group. */
	title: z.optional(TitleSchema),
	description: z.optional(text(10_000, 1)),
	tags: z.optional(TagsSchema),
	/** The headings the inference's argument sits under (as a node's `section`). */
	section: z.optional(SectionSchema),
	aif: z.optional(AifRefSchema)
});
export type EdgeRecord = z.infer<typeof EdgeRecordSchema>;

/**
 * A record's field names as stored in its Y.Map (`{ kind: 'kind', … }`), read off its schema so the
 * two cannot drift. The id is the map's key, not a field.
 */
function storedFields<S extends z.core.$ZodShape>(
	schema: z.ZodMiniObject<S>
): { readonly [K in Exclude<keyof S, 'id'> & string]: K } {
	const names = Object.keys(schema.shape).filter((name) => name !== 'id');
	return Object.fromEntries(names.map((name) => [name, name])) as {
		readonly [K in Exclude<keyof S, 'id'> & string]: K;
	};
}

/** Node fields as stored in a node's Y.Map (text is a Y.Text there). */
export const NODE_FIELDS = storedFields(NodeRecordSchema);

export const EDGE_FIELDS = storedFields(EdgeRecordSchema);

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
	parent: z.optional(recordId),
	body: text(10_000),
	author: text(200),
	authorId: text(64),
	createdAt: isoDate,
	resolved: z.optional(z.boolean()),
	deleted: z.optional(z.boolean())
});
export type CommentRecord = z.infer<typeof CommentRecordSchema>;

export const COMMENT_FIELDS = storedFields(CommentRecordSchema);

/**
 * Votes are a 1-5 confidence that a node's claim holds (1 = not convinced, 5 = fully convinced).
 * Stored in `votes` under the key `${nodeId}|${voterId}`, so one person has at most one vote per node
 * and changing it overwrites (last writer wins for one person voting from two tabs at once).
 */
export const VOTE_MIN = 1;
export const VOTE_MAX = 5;
export const VoteRecordSchema = z.object({
	nodeId: recordId,
	voterId: text(64, 1),
	voter: text(200),
	value: z.int().check(z.gte(VOTE_MIN), z.lte(VOTE_MAX)),
	at: isoDate
});
export type VoteRecord = z.infer<typeof VoteRecordSchema>;
export const voteKey = (nodeId: string, voterId: string): string => `${nodeId}|${voterId}`;

/** Turns zod issues into one line a person can act on: "nodes[3].kind: Invalid option ...". */
export function describeIssues(error: z.core.$ZodError, prefix = ''): string {
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

/**
 * One step of the contract's history. `file` rewrites a decoded map file of version `from` into
 * version `from + 1` (a pure function of plain JSON; the caller validates the result); `doc` does
 * the same to a Y.Doc in place, inside the caller's transaction, and must be idempotent and
 * deterministic so that peers and the server running it concurrently converge.
 */
export interface Migration {
	from: number;
	what: string;
	file(value: Record<string, unknown>): Record<string, unknown>;
	doc(doc: Y.Doc): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

export const MIGRATIONS: readonly Migration[] = [
	{
		from: 1,
		what: 'v1 → v2: adds the rephrases relation and optional fields; every v1 record is a valid v2 record',
		file: (value) => ({
			...value,
			version: 2,
			...(isRecord(value.meta) ? { meta: { ...value.meta, schema: 2 } } : {})
		}),
		doc: (doc) => doc.getMap(ROOT.meta).set('schema', 2)
	},
	{
		from: 2,
		what:
			'v2 → v3: nodes and edges record authorId; a record whose author name belongs to exactly ' +
			'one participant id among the comments and votes gets that id, others stay without one',
		file: (value) => {
			const ids = idsByName(fileAuthors(value));
			const fill = (list: unknown) =>
				Array.isArray(list)
					? list.map((r) => {
							const id =
								isRecord(r) && r.authorId === undefined ? ids.get(nameOf(r.author)) : undefined;
							return id ? { ...r, authorId: id } : r;
						})
					: list;
			return {
				...value,
				version: 3,
				...(isRecord(value.meta) ? { meta: { ...value.meta, schema: 3 } } : {}),
				...('nodes' in value ? { nodes: fill(value.nodes) } : {}),
				...('edges' in value ? { edges: fill(value.edges) } : {})
			};
		},
		doc: (doc) => {
			const ids = idsByName(docAuthors(doc));
			for (const root of [ROOT.nodes, ROOT.edges])
				doc.getMap<unknown>(root).forEach((record) => {
					if (!isYMapLike(record) || record.get('authorId') !== undefined) return;
					const id = ids.get(nameOf(record.get('author')));
					if (id) record.set('authorId', id);
				});
			doc.getMap(ROOT.meta).set('schema', 3);
		}
	}
];

/** A display name as the v3 backfill compares it ('' for anything that is not a name). */
const nameOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Display name → participant id, for names that belong to exactly one id. Deterministic (depends
 * only on the set of pairs), so peers migrating the same document at once write the same ids.
 */
function idsByName(pairs: Iterable<[unknown, unknown]>): Map<string, string> {
	const seen = new Map<string, string | null>();
	for (const [rawName, id] of pairs) {
		const name = nameOf(rawName);
		if (!name || !isParticipantId(id)) continue;
		const known = seen.get(name);
		if (known === undefined) seen.set(name, id);
		else if (known !== id) seen.set(name, null);
	}
	const out = new Map<string, string>();
	for (const [name, id] of seen) if (id) out.set(name, id);
	return out;
}

/** The (name, id) pairs comments and votes of a decoded map file carry. */
function* fileAuthors(value: Record<string, unknown>): Generator<[unknown, unknown]> {
	if (Array.isArray(value.comments))
		for (const c of value.comments) if (isRecord(c)) yield [c.author, c.authorId];
	if (Array.isArray(value.votes))
		for (const v of value.votes) if (isRecord(v)) yield [v.voter, v.voterId];
}

/** Y.Map without importing Yjs at runtime (this module is types-only towards Yjs). */
interface YMapLike {
	get(key: string): unknown;
	set(key: string, value: unknown): unknown;
}
const isYMapLike = (v: unknown): v is YMapLike =>
	typeof v === 'object' &&
	v !== null &&
	typeof (v as YMapLike).get === 'function' &&
	typeof (v as YMapLike).set === 'function' &&
	typeof (v as { toJSON?: unknown }).toJSON === 'function';

/** The (name, id) pairs comments and votes of a document carry. */
function* docAuthors(doc: Y.Doc): Generator<[unknown, unknown]> {
	for (const c of doc.getMap<unknown>(ROOT.comments).values())
		if (isYMapLike(c)) yield [c.get('author'), c.get('authorId')];
	for (const v of doc.getMap<unknown>(ROOT.votes).values())
		if (isRecord(v)) yield [v.voter, v.voterId];
}

/** The contract version a document says it has (0 when it says nothing usable). */
export function docVersion(doc: Y.Doc): number {
	const v = doc.getMap(ROOT.meta).get('schema');
	return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0;
}

/**
 * Upgrades a document of an older version in one transaction; returns the version it had. A document
 * without meta (not yet initialised), or of this or a newer version, is left alone.
 */
export function upgradeDoc(doc: Y.Doc, origin: unknown): number {
	const from = docVersion(doc);
	if (from === 0 || from >= SCHEMA_VERSION) return from;
	doc.transact(() => {
		for (const m of MIGRATIONS) if (m.from >= from) m.doc(doc);
	}, origin);
	return from;
}

/** Brings a decoded map file (whose `version` is its contract version) up to the current version. */
export function migrateFileValue(
	value: Record<string, unknown>
): { ok: true; value: Record<string, unknown>; from: number } | { ok: false; error: string } {
	const from = value.version;
	if (typeof from !== 'number' || !Number.isInteger(from) || from < 1)
		return {
			ok: false,
			error: `version: expected a whole number from 1, got ${JSON.stringify(from) ?? 'nothing'}`
		};
	if (from > SCHEMA_VERSION)
		return {
			ok: false,
			error: `version: this file has version ${from}; this Warrant reads up to version ${SCHEMA_VERSION}`
		};
	let out = value;
	for (const m of MIGRATIONS) if (m.from >= from) out = m.file(out);
	return { ok: true, value: out, from };
}

/** Meta as a reader sees it: a v1 meta (identical in shape) reads as the current version. */
export function migrateMetaValue(meta: unknown): unknown {
	if (!isRecord(meta) || typeof meta.schema !== 'number' || meta.schema >= SCHEMA_VERSION)
		return meta;
	return meta.schema >= 1 ? { ...meta, schema: SCHEMA_VERSION } : meta;
}
