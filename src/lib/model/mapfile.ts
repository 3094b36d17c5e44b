/**
 * The warrant-map file: a plain JSON projection of the document contract (`schema.ts`), used for
 * `maps/<id>.json`, `GET /api/maps/<id>` and import/export. Its `version` is the contract version; a
 * file of an older version is migrated first (`migrateFileValue`), so v1 files load as v2. Parsing
 * checks the shape (zod) and then the references across records, and reports the first problems by
 * JSON path; a file either parses whole or not at all.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import { addEdge, addNode, getCommentsMap, getVotesMap, initMap } from './doc';
import { anchorProblem, readMap } from './read';
import { readThreads } from './comments';
import { readVotes } from './votes';
import {
	COMMENT_FIELDS,
	CommentRecordSchema,
	VoteRecordSchema,
	voteKey,
	type CommentRecord,
	type VoteRecord,
	EdgeRecordSchema,
	MetaSchema,
	NodeRecordSchema,
	SentenceSchema,
	SCHEMA_VERSION,
	describeIssues,
	isMapId,
	migrateFileValue,
	type EdgeRecord,
	type Meta,
	type NodeRecord,
	type Sentence
} from './schema';

export const MAP_FILE_FORMAT = 'warrant-map';
export const MAP_FILE_VERSION = SCHEMA_VERSION;

export const MapFileSchema = z.object({
	format: z.literal(MAP_FILE_FORMAT),
	version: z.literal(MAP_FILE_VERSION),
	id: z.optional(z.string()),
	meta: MetaSchema,
	sentences: z.array(SentenceSchema),
	nodes: z.array(NodeRecordSchema),
	edges: z.array(EdgeRecordSchema),
	comments: z._default(z.array(CommentRecordSchema), []),
	votes: z._default(z.array(VoteRecordSchema), [])
});

export interface MapFile {
	format: typeof MAP_FILE_FORMAT;
	version: typeof MAP_FILE_VERSION;
	id?: string;
	meta: Meta;
	sentences: Sentence[];
	nodes: NodeRecord[];
	edges: EdgeRecord[];
	comments: CommentRecord[];
	votes: VoteRecord[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Cross-record checks that a schema cannot express. Returns problems as "path: reason". */
function referenceProblems(file: MapFile): string[] {
	const problems: string[] = [];
	const text = file.meta.source.text;
	const sentenceIds = new Set<string>();
	file.sentences.forEach((s, i) => {
		if (sentenceIds.has(s.id)) problems.push(`sentences[${i}].id: duplicate id ${s.id}`);
		sentenceIds.add(s.id);
		if (text.slice(s.start, s.end) !== s.text)
			problems.push(`sentences[${i}]: text does not equal source.text.slice(${s.start}, ${s.end})`);
	});
	const nodeIds = new Set<string>();
	file.nodes.forEach((n, i) => {
		if (nodeIds.has(n.id)) problems.push(`nodes[${i}].id: duplicate id ${n.id}`);
		nodeIds.add(n.id);
		n.anchors.forEach((a, j) => {
			const reason = anchorProblem(a, text, sentenceIds);
			if (reason) problems.push(`nodes[${i}].anchors[${j}]: ${reason}`);
		});
	});
	const edgeIds = new Set<string>();
	file.edges.forEach((e, i) => {
		if (edgeIds.has(e.id) || nodeIds.has(e.id))
			problems.push(`edges[${i}].id: duplicate id ${e.id}`);
		edgeIds.add(e.id);
	});
	file.edges.forEach((e, i) => {
		if (!nodeIds.has(e.from)) problems.push(`edges[${i}].from: no node ${e.from}`);
		if (e.from === e.to) problems.push(`edges[${i}]: edge from a node to itself`);
		if (e.relation === 'undercuts') {
			if (!edgeIds.has(e.to))
				problems.push(`edges[${i}].to: undercuts needs an edge id, no edge ${e.to}`);
		} else if (!nodeIds.has(e.to)) problems.push(`edges[${i}].to: no node ${e.to}`);
		if (e.group && e.relation !== 'supports')
			problems.push(`edges[${i}].group: only supports edges have a group`);
		if (e.attackKind && e.relation !== 'attacks')
			problems.push(`edges[${i}].attackKind: only attacks have an attackKind`);
	});
	const commentIds = new Set<string>();
	file.comments.forEach((c, i) => {
		if (commentIds.has(c.id)) problems.push(`comments[${i}].id: duplicate id ${c.id}`);
		commentIds.add(c.id);
	});
	file.comments.forEach((c, i) => {
		if (c.parent && !commentIds.has(c.parent))
			problems.push(`comments[${i}].parent: no comment ${c.parent}`);
	});
	const voteKeys = new Set<string>();
	file.votes.forEach((v, i) => {
		const key = voteKey(v.nodeId, v.voterId);
		if (voteKeys.has(key))
			problems.push(`votes[${i}]: a second vote by ${v.voterId} on ${v.nodeId}`);
		voteKeys.add(key);
		if (!nodeIds.has(v.nodeId)) problems.push(`votes[${i}].nodeId: no node ${v.nodeId}`);
	});
	return problems;
}

/** Parses an already-decoded JSON value as a warrant-map file. */
export function parseMapFile(value: unknown): ParseResult<MapFile> {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return { ok: false, error: 'a warrant-map file must be a JSON object' };
	const format = (value as { format?: unknown }).format;
	if (format !== MAP_FILE_FORMAT)
		return {
			ok: false,
			error: `format: expected "${MAP_FILE_FORMAT}", got ${JSON.stringify(format) ?? 'nothing'}`
		};
	const migrated = migrateFileValue(value as Record<string, unknown>);
	if (!migrated.ok) return { ok: false, error: migrated.error };
	const parsed = MapFileSchema.safeParse(migrated.value);
	if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
	const file = parsed.data as MapFile;
	if (file.id !== undefined && !isMapId(file.id))
		return {
			ok: false,
			error: `id: ${JSON.stringify(file.id)} is not a valid map id (a-z, 0-9, -; at most 64)`
		};
	const problems = referenceProblems(file);
	if (problems.length > 0)
		return {
			ok: false,
			error:
				problems.slice(0, 5).join('; ') +
				(problems.length > 5 ? `; and ${problems.length - 5} more` : '')
		};
	return { ok: true, value: file };
}

/** Parses JSON text as a warrant-map file; a syntax error names its position. */
export function parseMapFileText(text: string): ParseResult<MapFile> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (err) {
		return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
	}
	return parseMapFile(value);
}

/** Writes a parsed map file into an empty Y.Doc, in one transaction. */
export function fileToDoc(file: MapFile, doc: Y.Doc = new Y.Doc(), origin: unknown = null): Y.Doc {
	doc.transact(() => {
		initMap(
			doc,
			{
				title: file.meta.title,
				createdAt: file.meta.createdAt,
				source: file.meta.source,
				sentences: file.sentences,
				...(file.meta.aif ? { aif: file.meta.aif } : {})
			},
			origin
		);
		for (const n of file.nodes) addNode(doc, n, origin);
		// Undercuts target edges, so plain edges go first; parseMapFile has checked every reference.
		const ordered = [
			...file.edges.filter((e) => e.relation !== 'undercuts'),
			...file.edges.filter((e) => e.relation === 'undercuts')
		];
		for (const e of ordered) addEdge(doc, e, origin);
		const comments = getCommentsMap(doc);
		for (const c of file.comments) {
			const m = new Y.Map<unknown>();
			for (const key of Object.values(COMMENT_FIELDS)) if (c[key] !== undefined) m.set(key, c[key]);
			comments.set(c.id, m);
		}
		const votes = getVotesMap(doc);
		for (const v of file.votes) votes.set(voteKey(v.nodeId, v.voterId), { ...v });
	}, origin);
	return doc;
}

/** Projects a document onto a map file. Broken records (see `readMap`) are left out. */
export function docToFile(doc: Y.Doc, id?: string): MapFile {
	const view = readMap(doc);
	if (!view.meta) throw new Error('map has no valid meta');
	return {
		format: MAP_FILE_FORMAT,
		version: MAP_FILE_VERSION,
		...(id ? { id } : {}),
		meta: view.meta,
		sentences: view.sentences,
		nodes: view.nodes,
		edges: view.edges,
		comments: readThreads(doc).flatMap((t) => [t.root, ...t.replies]),
		votes: readVotes(doc)
	};
}
