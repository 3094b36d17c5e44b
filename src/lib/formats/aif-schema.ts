/**
 * AIF as AIFdb and OVA write it, for export and for checking imports.
 *
 * - AIFdb nodeset: `{ nodes, edges, locutions, participants? }`. Nodes `{ nodeID, text, type,
 *   timestamp, scheme?, schemeID? }`; edges `{ edgeID, fromID, toID, formEdgeID }`; ids are strings
 *   of digits; timestamps `YYYY-MM-DD HH:mm:ss`.
 * - xAIF (OVA3): `{ AIF: <nodeset + schemefulfillments, participants>, OVA: { firstname, surname,
 *   url, nodes: [{ nodeID, visible, x, y, timestamp }], edges: [{ fromID, toID, visible }] }, text }`
 *   where `text` is the analysed source as HTML.
 *
 * Node types: I (information: a claim), RA (inference), CA (conflict), MA (rephrase), PA
 * (preference), and the dialogue layer L (locution), YA (illocution), TA (transition).
 *
 * Warrant adds fields that AIF tools ignore, so a map survives a trip through AIF: I-nodes carry
 * `warrantId`, `warrantKind`, `warrantAnchors` ([{start, end}] into `text`) and `warrantUnplaced`
 * (the node had no position; OVA's is made up); RA nodes carry
 * `warrantEdges` (the ids of the supports edges, in premise order), `warrantGroup` and
 * `warrantInference` (title, tags, descriptions); I-nodes also `warrantNode` (title, tags, section,
 * argument); any node whose nodeID and timestamp came from another AIF tool `warrantAif`; CA nodes carry
 * `warrantEdge` (and, for an undercut, `warrantTarget`: the edge it undercuts; for an attack with a
 * kind, `warrantAttackKind`); MA nodes carry `warrantEdge`; the top level carries
 * `warrantMeta` (title and source metadata; for the bare AIFdb flavour also the source text).
 */
import { z } from 'zod/mini';
import { SectionSchema, TagsSchema, TitleSchema } from '$lib/model/schema';

/** AIFdb ids are digit strings, OVA sometimes writes numbers; both are read as strings. */
const aifId = z.pipe(z.union([z.string().check(z.minLength(1)), z.number()]), z.transform(String));

export const AifNodeSchema = z.looseObject({
	nodeID: aifId,
	type: z.string(),
	text: z._default(z.string(), ''),
	timestamp: z.optional(z.string()),
	scheme: z.optional(z.string())
});
export type AifNode = z.infer<typeof AifNodeSchema>;

export const AifEdgeSchema = z.looseObject({
	edgeID: z.optional(aifId),
	fromID: aifId,
	toID: aifId
});
export type AifEdge = z.infer<typeof AifEdgeSchema>;

export const AifNodesetSchema = z.looseObject({
	nodes: z.array(AifNodeSchema),
	edges: z.array(AifEdgeSchema),
	locutions: z.optional(z.array(z.unknown()))
});

const OvaNodeSchema = z.looseObject({
	nodeID: aifId,
	x: z.optional(z.number()),
	y: z.optional(z.number())
});

export const OvaSchema = z.looseObject({ nodes: z.optional(z.array(z.unknown())) });

/** Lenient reading of OVA positions: entries that are not `{ nodeID, x, y }` are ignored. */
export function ovaPositions(ova: unknown): Map<string, { x: number; y: number }> {
	const out = new Map<string, { x: number; y: number }>();
	const parsed = OvaSchema.safeParse(ova);
	if (!parsed.success) return out;
	for (const raw of parsed.data.nodes ?? []) {
		const n = OvaNodeSchema.safeParse(raw);
		if (n.success && n.data.x !== undefined && n.data.y !== undefined)
			out.set(n.data.nodeID, { x: n.data.x, y: n.data.y });
	}
	return out;
}

/** Warrant's extra fields, read leniently: an invalid value is ignored, not an error. */
export const WarrantAnchorsSchema = z.array(
	z.object({ start: z.int().check(z.nonnegative()), end: z.int().check(z.nonnegative()) })
);
export const WarrantEdgesSchema = z.array(z.string());
export const WarrantNodeSchema = z.object({
	title: z.optional(TitleSchema),
	tags: z.optional(TagsSchema),
	section: z.optional(SectionSchema),
	argument: z.optional(z.literal(true))
});
export const WarrantInferenceSchema = z.object({
	title: z.optional(TitleSchema),
	tags: z.optional(TagsSchema),
	section: z.optional(SectionSchema),
	descriptions: z.optional(
		z.array(z.nullable(z.string().check(z.minLength(1), z.maxLength(10_000))))
	)
});
export const WarrantMetaSchema = z.looseObject({
	title: z.optional(z.string()),
	sourceTitle: z.optional(z.string()),
	createdAt: z.optional(z.string()),
	author: z.optional(z.string()),
	publication: z.optional(z.string()),
	date: z.optional(z.string()),
	lang: z.optional(z.string())
});

/** Scheme names and AIFdb scheme ids used for the S-nodes Warrant writes. */
export const DEFAULT_INFERENCE = { text: 'Default Inference', schemeID: '72' };
export const DEFAULT_CONFLICT = { text: 'Default Conflict', schemeID: '71' };
export const DEFAULT_REPHRASE = { text: 'Default Rephrase', schemeID: '144' };

/** AIF timestamps are `YYYY-MM-DD HH:mm:ss` (UTC here); ISO dates are converted both ways. */
export const isoToAif = (iso: string): string => {
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19).replace('T', ' ');
};

export const aifToIso = (stamp: string | undefined): string | undefined => {
	if (!stamp) return undefined;
	const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)$/.exec(stamp.trim());
	return m ? `${m[1]}T${m[2]}Z` : undefined;
};
