/**
 * Reads a map's Y.Doc into validated plain data. A peer can put anything into the document, so every
 * record is checked: valid records are returned, broken ones are listed in `problems` (with the
 * reason) and left out, and nothing here throws on a malformed document.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import { getEdgesMap, getMetaMap, getNodesMap, getSentencesArray } from './doc';
import {
	AifRefSchema,
	AnchorSchema,
	EdgeRecordSchema,
	MetaSchema,
	NODE_FIELDS,
	NodeKindSchema,
	ParticipantIdSchema,
	SectionSchema,
	SentenceSchema,
	TagsSchema,
	TitleSchema,
	describeIssues,
	migrateMetaValue,
	type Anchor,
	type EdgeRecord,
	type Meta,
	type NodeRecord,
	type Sentence
} from './schema';

export type ProblemScope = 'meta' | 'sentence' | 'node' | 'anchor' | 'edge' | 'comment' | 'vote';

export interface Problem {
	scope: ProblemScope;
	/** The id of the broken record, or its index for sentences without one. */
	id: string;
	reason: string;
}

export interface MapView {
	meta: Meta | null;
	sentences: Sentence[];
	nodes: NodeRecord[];
	edges: EdgeRecord[];
	problems: Problem[];
}

export function readMeta(doc: Y.Doc, problems: Problem[] = []): Meta | null {
	// A v1 document reads as v2 until its upgrade (`upgradeDoc`) arrives: the shapes are the same.
	const parsed = MetaSchema.safeParse(migrateMetaValue(getMetaMap(doc).toJSON()));
	if (parsed.success) return parsed.data;
	problems.push({ scope: 'meta', id: 'meta', reason: describeIssues(parsed.error) });
	return null;
}

export function readSentences(
	doc: Y.Doc,
	sourceText: string | null,
	problems: Problem[] = []
): Sentence[] {
	const out: Sentence[] = [];
	const seen = new Set<string>();
	getSentencesArray(doc)
		.toArray()
		.forEach((raw, index) => {
			const parsed = SentenceSchema.safeParse(raw);
			if (!parsed.success) {
				problems.push({
					scope: 'sentence',
					id: String(index),
					reason: describeIssues(parsed.error)
				});
				return;
			}
			const s = parsed.data;
			if (seen.has(s.id)) {
				problems.push({ scope: 'sentence', id: s.id, reason: 'duplicate sentence id' });
				return;
			}
			if (sourceText !== null && sourceText.slice(s.start, s.end) !== s.text) {
				problems.push({
					scope: 'sentence',
					id: s.id,
					reason: 'text does not match source offsets'
				});
				return;
			}
			seen.add(s.id);
			out.push(s);
		});
	return out;
}

/** Checks one anchor against the source text and sentences; returns the reason it is broken, or null. */
export function anchorProblem(
	anchor: Anchor,
	sourceText: string | null,
	sentenceIds: ReadonlySet<string> | null
): string | null {
	if (anchor.end <= anchor.start) return 'anchor end must be after start';
	if (sourceText !== null && sourceText.slice(anchor.start, anchor.end) !== anchor.exact)
		return 'anchor exact text does not match the source at its offsets';
	if (sentenceIds !== null && !sentenceIds.has(anchor.sentenceId))
		return `anchor refers to unknown sentence ${anchor.sentenceId}`;
	return null;
}

export function readNode(
	id: string,
	value: unknown,
	ctx: { sourceText: string | null; sentenceIds: ReadonlySet<string> | null },
	problems: Problem[] = []
): NodeRecord | null {
	if (!(value instanceof Y.Map)) {
		problems.push({ scope: 'node', id, reason: 'node is not a Y.Map' });
		return null;
	}
	const kind = NodeKindSchema.safeParse(value.get(NODE_FIELDS.kind));
	if (!kind.success) {
		problems.push({
			scope: 'node',
			id,
			reason: `unknown kind ${JSON.stringify(value.get(NODE_FIELDS.kind))}`
		});
		return null;
	}
	const rawText = value.get(NODE_FIELDS.text);
	// A plain string label is repaired into a readable node; anything else is broken.
	if (!(rawText instanceof Y.Text) && typeof rawText !== 'string') {
		problems.push({ scope: 'node', id, reason: 'text is not a Y.Text' });
		return null;
	}
	const x = value.get(NODE_FIELDS.x);
	const y = value.get(NODE_FIELDS.y);
	const anchors: Anchor[] = [];
	const rawAnchors = value.get(NODE_FIELDS.anchors);
	const anchorList = rawAnchors instanceof Y.Array ? rawAnchors.toArray() : [];
	for (const raw of anchorList) {
		const parsed = AnchorSchema.safeParse(raw);
		const reason = parsed.success
			? anchorProblem(parsed.data, ctx.sourceText, ctx.sentenceIds)
			: describeIssues(parsed.error);
		if (reason || !parsed.success)
			problems.push({ scope: 'anchor', id, reason: reason ?? 'invalid anchor' });
		else anchors.push(parsed.data);
	}
	const author = value.get(NODE_FIELDS.author);
	const createdAt = value.get(NODE_FIELDS.createdAt);
	// Optional v2 fields: a broken one is dropped (the node stays readable) and reported.
	const optional = <T>(field: string, schema: z.ZodMiniType<T>): { [k: string]: T } => {
		const raw = value.get(field);
		if (raw === undefined) return {};
		const parsed = schema.safeParse(raw);
		if (parsed.success) return { [field]: parsed.data };
		problems.push({ scope: 'node', id, reason: `${field}: ${describeIssues(parsed.error)}` });
		return {};
	};
	return {
		id,
		kind: kind.data,
		text: rawText.toString(),
		...(typeof x === 'number' && Number.isFinite(x) && typeof y === 'number' && Number.isFinite(y)
			? { x, y }
			: {}),
		anchors,
		author: typeof author === 'string' ? author : '',
		...optional(NODE_FIELDS.authorId, ParticipantIdSchema),
		createdAt: typeof createdAt === 'string' ? createdAt : '',
		...optional(NODE_FIELDS.title, TitleSchema),
		...optional(NODE_FIELDS.tags, TagsSchema),
		...optional(NODE_FIELDS.section, SectionSchema),
		...optional(NODE_FIELDS.argument, z.literal(true)),
		...optional(NODE_FIELDS.aif, AifRefSchema)
	};
}

/**
 * Validates edges against the set of valid nodes. Undercuts are resolved in rounds, because an
 * undercut is valid only when the edge it attacks is valid.
 */
export function readEdges(
	doc: Y.Doc,
	nodeIds: ReadonlySet<string>,
	problems: Problem[] = []
): EdgeRecord[] {
	const candidates: EdgeRecord[] = [];
	getEdgesMap(doc).forEach((value, id) => {
		if (!(value instanceof Y.Map)) {
			problems.push({ scope: 'edge', id, reason: 'edge is not a Y.Map' });
			return;
		}
		const parsed = EdgeRecordSchema.safeParse({ id, ...value.toJSON() });
		if (!parsed.success) {
			problems.push({ scope: 'edge', id, reason: describeIssues(parsed.error) });
			return;
		}
		// An attackKind left on an edge whose relation a peer changed is ignored, not an error.
		const { attackKind, ...rest } = parsed.data;
		const e: EdgeRecord = e0(rest, rest.relation === 'attacks' ? attackKind : undefined);
		if (!nodeIds.has(e.from))
			problems.push({ scope: 'edge', id, reason: `from refers to missing node ${e.from}` });
		else if (e.from === e.to)
			problems.push({ scope: 'edge', id, reason: 'edge from a node to itself' });
		else if (e.relation !== 'undercuts' && !nodeIds.has(e.to))
			problems.push({ scope: 'edge', id, reason: `to refers to missing node ${e.to}` });
		else candidates.push(e);
	});
	const valid = new Map<string, EdgeRecord>();
	for (const e of candidates) if (e.relation !== 'undercuts') valid.set(e.id, e);
	let pending = candidates.filter((e) => e.relation === 'undercuts');
	for (let changed = true; changed && pending.length > 0;) {
		changed = false;
		pending = pending.filter((e) => {
			if (!valid.has(e.to)) return true;
			valid.set(e.id, e);
			changed = true;
			return false;
		});
	}
	for (const e of pending)
		problems.push({ scope: 'edge', id: e.id, reason: `undercuts a missing edge ${e.to}` });
	return candidates.filter((e) => valid.has(e.id));
}

const e0 = (edge: EdgeRecord, attackKind: EdgeRecord['attackKind']): EdgeRecord =>
	attackKind ? { ...edge, attackKind } : edge;

/** Reads the whole map. Never throws; `problems` says what was left out and why. */
export function readMap(doc: Y.Doc): MapView {
	const problems: Problem[] = [];
	const meta = readMeta(doc, problems);
	const sourceText = meta?.source.text ?? null;
	const sentences = readSentences(doc, sourceText, problems);
	const sentenceIds = new Set(sentences.map((s) => s.id));
	const ctx = { sourceText, sentenceIds: meta ? sentenceIds : null };
	const nodes: NodeRecord[] = [];
	getNodesMap(doc).forEach((value, id) => {
		const node = readNode(id, value, ctx, problems);
		if (node) nodes.push(node);
	});
	const edges = readEdges(doc, new Set(nodes.map((n) => n.id)), problems);
	return { meta, sentences, nodes, edges, problems };
}
