/**
 * The editor's gestures as document writes. Each function is one `doc.transact(fn, origin)`, so a
 * gesture is one update for peers and one step for undo. They read the document, never cytoscape.
 */
import type * as Y from 'yjs';
import {
	addEdge,
	addNode,
	deleteEdges,
	deleteNodes,
	getEdge,
	newId,
	setEdgeGroup,
	setEdgeRelation,
	setNodeKind,
	type EdgeRefusal
} from '$lib/model/doc';
import { readMap } from '$lib/model/read';
import type { Author } from '$lib/model/comments';
import { EDGE_FIELDS, type EdgeRecord, type NodeKind, type Relation } from '$lib/model/schema';
import type { Point } from '$lib/drawing/geometry';

export type Outcome = { ok: true } | { ok: false; message: string };

/**
 * The relations a person picks for an edge between two nodes (the chooser after drawing an edge,
 * the selection panel, the S / A / R keys). `undercuts` is not picked: it comes from dropping an edge
 * on the middle of another edge.
 */
export const CHOOSABLE_RELATIONS = ['supports', 'attacks', 'rephrases'] as const;
export type ChoosableRelation = (typeof CHOOSABLE_RELATIONS)[number];

export function addNodeAt(
	doc: Y.Doc,
	kind: NodeKind,
	at: Point,
	author: Author,
	origin: unknown
): string {
	return addNode(
		doc,
		{
			kind,
			text: '',
			x: Math.round(at.x * 10) / 10,
			y: Math.round(at.y * 10) / 10,
			author: author.name,
			authorId: author.id
		},
		origin
	);
}

export function deleteSelection(
	doc: Y.Doc,
	sel: { nodes: readonly string[]; edges: readonly string[] },
	origin: unknown
): void {
	if (sel.nodes.length === 0 && sel.edges.length === 0) return;
	doc.transact(() => {
		deleteEdges(doc, [...sel.edges], origin);
		deleteNodes(doc, [...sel.nodes], origin);
	}, origin);
}

export function setKinds(
	doc: Y.Doc,
	ids: readonly string[],
	kind: NodeKind,
	origin: unknown
): void {
	doc.transact(() => {
		for (const id of ids) setNodeKind(doc, id, kind, origin);
	}, origin);
}

export const REFUSAL_MESSAGES: Record<EdgeRefusal, string> = {
	'self-loop': 'A node cannot support, attack or rephrase itself.',
	'missing-from': 'The starting node no longer exists.',
	'missing-to': 'The target no longer exists.',
	'undercut-needs-edge': 'Undercuts must end on an edge (drop on the middle of an edge).',
	'needs-node-target': 'Only undercuts can end on an edge.'
};

export function connect(
	doc: Y.Doc,
	edge: { from: string; to: string; relation: Relation },
	author: Author,
	origin: unknown
): { ok: true; id: string } | { ok: false; message: string } {
	const result = addEdge(doc, { ...edge, author: author.name, authorId: author.id }, origin);
	if ('refused' in result) return { ok: false, message: REFUSAL_MESSAGES[result.refused] };
	return { ok: true, id: result.id };
}

/** Sets the relation of edges; undercuts stay undercuts (they end on an edge). All or nothing. */
export function setRelations(
	doc: Y.Doc,
	ids: readonly string[],
	relation: Relation,
	origin: unknown
): Outcome {
	let refused = 0;
	doc.transact(() => {
		for (const id of ids) if (!setEdgeRelation(doc, id, relation, origin)) refused++;
	}, origin);
	if (refused === 0) return { ok: true };
	return {
		ok: false,
		message:
			relation === 'undercuts'
				? 'Only an edge that ends on another edge can undercut.'
				: 'An undercut ends on an edge, so it cannot support, attack or rephrase.'
	};
}

/**
 * The supports edges a selection means as a co-premise group: the selected supports edges, or,
 * for selected nodes, their supports edges into one node they all support.
 */
export function coPremiseSelection(
	edges: readonly EdgeRecord[],
	sel: { nodes: readonly string[]; edges: readonly string[] }
): { ok: true; edges: string[] } | { ok: false; message: string } {
	let chosen: EdgeRecord[];
	if (sel.edges.length > 0) {
		const ids = new Set(sel.edges);
		chosen = edges.filter((e) => ids.has(e.id));
	} else {
		const from = new Set(sel.nodes);
		const byTarget = new Map<string, EdgeRecord[]>();
		for (const e of edges) {
			if (e.relation !== 'supports' || !from.has(e.from)) continue;
			byTarget.set(e.to, [...(byTarget.get(e.to) ?? []), e]);
		}
		chosen =
			[...byTarget.values()].find((list) => new Set(list.map((e) => e.from)).size === from.size) ??
			[];
		if (chosen.length === 0)
			return { ok: false, message: 'The selected nodes do not all support one same node.' };
	}
	if (chosen.length < 2)
		return { ok: false, message: 'Select two or more supports edges (or their premises).' };
	if (chosen.some((e) => e.relation !== 'supports'))
		return { ok: false, message: 'Only supports edges can be co-premises.' };
	if (new Set(chosen.map((e) => e.to)).size > 1)
		return { ok: false, message: 'Co-premises must all support the same node.' };
	return { ok: true, edges: chosen.map((e) => e.id) };
}

export function groupCoPremises(
	doc: Y.Doc,
	sel: { nodes: readonly string[]; edges: readonly string[] },
	origin: unknown
): Outcome {
	const found = coPremiseSelection(readMap(doc).edges, sel);
	if (!found.ok) return found;
	const group = newId('g');
	doc.transact(() => {
		for (const id of found.edges) setEdgeGroup(doc, id, group, origin);
	}, origin);
	return { ok: true };
}

/** Takes edges out of their co-premise group (the whole group when one member is given). */
export function ungroup(doc: Y.Doc, edgeIds: readonly string[], origin: unknown): Outcome {
	const edges = readMap(doc).edges;
	const groups = new Set(
		edgeIds
			.map((id) => getEdge(doc, id)?.get(EDGE_FIELDS.group))
			.filter((g): g is string => typeof g === 'string')
	);
	if (groups.size === 0) return { ok: false, message: 'The selected edges are not in a group.' };
	doc.transact(() => {
		for (const e of edges)
			if (e.group && groups.has(e.group)) setEdgeGroup(doc, e.id, null, origin);
	}, origin);
	return { ok: true };
}
