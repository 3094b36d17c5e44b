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
import { z } from 'zod';
import { SectionSchema, TagsSchema, TitleSchema } from '$lib/model/schema';

/** AIFdb ids are digit strings, OVA sometimes writes numbers; both are read as strings. */
const aifId = z.union([z.string().min(1), z.number().finite()]).transform(String);

export const AifNodeSchema = z.looseObject({
	nodeID: aifId,
	type: z.string(),
	text: z.string().default(''),
	timestamp: z.string().optional(),
	scheme: z.string().optional()
});
export type AifNode = z.infer<typeof AifNodeSchema>;

export const AifEdgeSchema = z.looseObject({
	edgeID: aifId.optional(),
	fromID: aifId,
	toID: aifId
});
export type AifEdge = z.infer<typeof AifEdgeSchema>;

export const AifNodesetSchema = z.looseObject({
	nodes: z.array(AifNodeSchema),
	edges: z.array(AifEdgeSchema),
	locutions: z.array(z.unknown()).optional()
});

const OvaNodeSchema = z.looseObject({
	nodeID: aifId,
	x: z.number().finite().optional(),
	y: z.number().finite().optional()
});

export const OvaSchema = z.looseObject({ nodes: z.array(z.unknown()).optional() });

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
	z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
);
export const WarrantEdgesSchema = z.array(z.string());
export const WarrantNodeSchema = z.object({
	title: TitleSchema.optional(),
	tags: TagsSchema.optional(),
	section: SectionSchema.optional(),
	argument: z.literal(true).optional()
});
export const WarrantInferenceSchema = z.object({
	title: TitleSchema.optional(),
	tags: TagsSchema.optional(),
	section: SectionSchema.optional(),
	descriptions: z.array(z.string().min(1).max(10_000).nullable()).optional()
});
export const WarrantMetaSchema = z.looseObject({
	title: z.string().optional(),
	sourceTitle: z.string().optional(),
	createdAt: z.string().optional(),
	author: z.string().optional(),
	publication: z.string().optional(),
	date: z.string().optional(),
	lang: z.string().optional()
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
