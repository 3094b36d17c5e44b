/**
 * Typed access to a map's Y.Doc. The only module that calls `doc.getMap/getArray` for the roots
 * named in `schema.ts`, and the only one that creates node and edge Y.Maps.
 *
 * Writers take an `origin` and wrap their work in one `doc.transact(fn, origin)`. A gesture that
 * calls several writers wraps them in its own `transact` with the same origin: nested transactions
 * join the outer one, so the gesture is still one update and one undo step.
 */
import * as Y from 'yjs';
import {
	EDGE_FIELDS,
	NODE_FIELDS,
	ROOT,
	SCHEMA_VERSION,
	isParticipantId,
	type AifLayer,
	type AifRef,
	type Anchor,
	type AttackKind,
	type EdgeRecord,
	type Meta,
	type NodeKind,
	type Relation,
	type Sentence,
	type Source
} from './schema';

export type YNode = Y.Map<unknown>;
export type YEdge = Y.Map<unknown>;

export const getMetaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.meta);
export const getSentencesArray = (doc: Y.Doc): Y.Array<Sentence> => doc.getArray(ROOT.sentences);
export const getNodesMap = (doc: Y.Doc): Y.Map<YNode> => doc.getMap(ROOT.nodes);
export const getEdgesMap = (doc: Y.Doc): Y.Map<YEdge> => doc.getMap(ROOT.edges);
export const getCommentsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ROOT.comments);
export const getVotesMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(ROOT.votes);

/** Short random ids for records inside one map; collisions across peers are astronomically rare. */
export function newId(prefix: string): string {
	const bytes = new Uint8Array(9);
	globalThis.crypto.getRandomValues(bytes);
	let s = '';
	for (const b of bytes) s += b.toString(36).padStart(2, '0').slice(-2);
	return `${prefix}${s}`;
}

export const nowIso = (): string => new Date().toISOString();

/** Writes meta and sentences of a new map. Called once, at creation or import. */
export function initMap(
	doc: Y.Doc,
	init: {
		title: string;
		createdAt?: string;
		source: Source;
		sentences: Sentence[];
		aif?: AifLayer;
	},
	origin: unknown = null
): void {
	doc.transact(() => {
		const meta = getMetaMap(doc);
		meta.set('schema', SCHEMA_VERSION);
		meta.set('title', init.title);
		meta.set('createdAt', init.createdAt ?? nowIso());
		meta.set('source', { ...init.source });
		if (init.aif) meta.set('aif', init.aif);
		const sentences = getSentencesArray(doc);
		if (sentences.length > 0) sentences.delete(0, sentences.length);
		sentences.push(init.sentences.map((s) => ({ ...s })));
	}, origin);
}

export function setTitle(doc: Y.Doc, title: string, origin: unknown): void {
	doc.transact(() => getMetaMap(doc).set('title', title), origin);
}

/** Reads meta as stored; `read.ts` validates it. */
export function rawMeta(doc: Y.Doc): Partial<Meta> {
	return getMetaMap(doc).toJSON() as Partial<Meta>;
}

export interface NewNode {
	id?: string;
	kind: NodeKind;
	text: string;
	x?: number;
	y?: number;
	anchors?: Anchor[];
	author: string;
	/** The writer's participant id (schema v3); left out by imports that do not know it. */
	authorId?: string;
	createdAt?: string;
	title?: string;
	tags?: string[];
	section?: string[];
	argument?: true;
	aif?: AifRef;
}

export function addNode(doc: Y.Doc, input: NewNode, origin: unknown): string {
	const id = input.id ?? newId('n');
	doc.transact(() => {
		const node = new Y.Map<unknown>();
		node.set(NODE_FIELDS.kind, input.kind);
		node.set(NODE_FIELDS.text, new Y.Text(input.text));
		if (Number.isFinite(input.x)) node.set(NODE_FIELDS.x, input.x);
		if (Number.isFinite(input.y)) node.set(NODE_FIELDS.y, input.y);
		node.set(NODE_FIELDS.anchors, Y.Array.from((input.anchors ?? []).map((a) => ({ ...a }))));
		node.set(NODE_FIELDS.author, input.author);
		if (isParticipantId(input.authorId)) node.set(NODE_FIELDS.authorId, input.authorId);
		node.set(NODE_FIELDS.createdAt, input.createdAt ?? nowIso());
		// Plain values (arrays and objects are stored whole: nobody edits them in place).
		if (input.title) node.set(NODE_FIELDS.title, input.title);
		if (input.tags?.length) node.set(NODE_FIELDS.tags, [...input.tags]);
		if (input.section?.length) node.set(NODE_FIELDS.section, [...input.section]);
		if (input.argument) node.set(NODE_FIELDS.argument, true);
		if (input.aif) node.set(NODE_FIELDS.aif, { ...input.aif });
		getNodesMap(doc).set(id, node);
	}, origin);
	return id;
}

export function getNode(doc: Y.Doc, id: string): YNode | undefined {
	const node = getNodesMap(doc).get(id);
	return node instanceof Y.Map ? node : undefined;
}

export function getNodeText(doc: Y.Doc, id: string): Y.Text | undefined {
	const text = getNode(doc, id)?.get(NODE_FIELDS.text);
	return text instanceof Y.Text ? text : undefined;
}

export function setNodeKind(doc: Y.Doc, id: string, kind: NodeKind, origin: unknown): void {
	const node = getNode(doc, id);
	if (!node) return;
	doc.transact(() => node.set(NODE_FIELDS.kind, kind), origin);
}

/**
 * Replaces a label with `next` by the smallest single splice, so that a concurrent edit elsewhere in
 * the same label survives (two people typing in one label both keep their characters).
 */
export function setNodeText(doc: Y.Doc, id: string, next: string, origin: unknown): void {
	const node = getNode(doc, id);
	if (!node) return;
	doc.transact(() => {
		let text = node.get(NODE_FIELDS.text);
		if (!(text instanceof Y.Text)) {
			// Repair a label a peer stored as something else.
			text = new Y.Text();
			node.set(NODE_FIELDS.text, text);
		}
		spliceText(text as Y.Text, next);
	}, origin);
}

/** Applies the difference between `text` and `next` as one delete plus one insert. */
export function spliceText(text: Y.Text, next: string): void {
	const prev = text.toString();
	if (prev === next) return;
	let start = 0;
	const max = Math.min(prev.length, next.length);
	while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
	let endPrev = prev.length;
	let endNext = next.length;
	while (
		endPrev > start &&
		endNext > start &&
		prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)
	) {
		endPrev--;
		endNext--;
	}
	if (endPrev > start) text.delete(start, endPrev - start);
	if (endNext > start) text.insert(start, next.slice(start, endNext));
}

/** Stores positions of several nodes at once (one drag or one auto-layout is one gesture). */
export function setPositions(
	doc: Y.Doc,
	positions: Iterable<[string, { x: number; y: number }]>,
	origin: unknown
): void {
	doc.transact(() => {
		for (const [id, { x, y }] of positions) {
			const node = getNode(doc, id);
			if (!node || !Number.isFinite(x) || !Number.isFinite(y)) continue;
			const rx = Math.round(x * 10) / 10;
			const ry = Math.round(y * 10) / 10;
			if (node.get(NODE_FIELDS.x) !== rx) node.set(NODE_FIELDS.x, rx);
			if (node.get(NODE_FIELDS.y) !== ry) node.set(NODE_FIELDS.y, ry);
		}
	}, origin);
}

export function getAnchorsArray(doc: Y.Doc, nodeId: string): Y.Array<Anchor> | undefined {
	const anchors = getNode(doc, nodeId)?.get(NODE_FIELDS.anchors);
	return anchors instanceof Y.Array ? (anchors as Y.Array<Anchor>) : undefined;
}

export function addAnchor(doc: Y.Doc, nodeId: string, anchor: Anchor, origin: unknown): void {
	const node = getNode(doc, nodeId);
	if (!node) return;
	doc.transact(() => {
		let anchors = node.get(NODE_FIELDS.anchors);
		if (!(anchors instanceof Y.Array)) {
			anchors = new Y.Array<Anchor>();
			node.set(NODE_FIELDS.anchors, anchors);
		}
		const arr = anchors as Y.Array<Anchor>;
		const dup = arr.toArray().some((a) => a && a.start === anchor.start && a.end === anchor.end);
		if (!dup) arr.push([{ ...anchor }]);
	}, origin);
}

export function removeAnchor(
	doc: Y.Doc,
	nodeId: string,
	where: { start: number; end: number },
	origin: unknown
): void {
	const anchors = getAnchorsArray(doc, nodeId);
	if (!anchors) return;
	doc.transact(() => {
		const list = anchors.toArray();
		for (let i = list.length - 1; i >= 0; i--) {
			if (list[i]?.start === where.start && list[i]?.end === where.end) anchors.delete(i, 1);
		}
	}, origin);
}

/** Edges that end on `id` (a node, or an edge for undercuts) or start from it. */
function edgesTouching(doc: Y.Doc, id: string): string[] {
	const out: string[] = [];
	getEdgesMap(doc).forEach((edge, edgeId) => {
		if (!(edge instanceof Y.Map)) return;
		if (edge.get(EDGE_FIELDS.from) === id || edge.get(EDGE_FIELDS.to) === id) out.push(edgeId);
	});
	return out;
}

/** Deletes edges and, transitively, the undercuts that attack them. */
function deleteEdgesCascade(doc: Y.Doc, ids: string[]): void {
	const edges = getEdgesMap(doc);
	const queue = [...ids];
	const seen = new Set<string>();
	while (queue.length > 0) {
		const id = queue.pop() as string;
		if (seen.has(id)) continue;
		seen.add(id);
		edges.forEach((edge, edgeId) => {
			if (edge instanceof Y.Map && edge.get(EDGE_FIELDS.to) === id) queue.push(edgeId);
		});
		edges.delete(id);
	}
}

/** Deletes nodes with every edge that touches them (and undercuts of those edges). */
export function deleteNodes(doc: Y.Doc, ids: string[], origin: unknown): void {
	doc.transact(() => {
		const nodes = getNodesMap(doc);
		for (const id of ids) {
			deleteEdgesCascade(doc, edgesTouching(doc, id));
			nodes.delete(id);
		}
	}, origin);
}

export interface NewEdge {
	id?: string;
	from: string;
	to: string;
	relation: Relation;
	group?: string;
	author?: string;
	authorId?: string;
	createdAt?: string;
	attackKind?: AttackKind;
	title?: string;
	description?: string;
	tags?: string[];
	section?: string[];
	aif?: AifRef;
}

export type EdgeRefusal =
	'self-loop' | 'missing-from' | 'missing-to' | 'undercut-needs-edge' | 'needs-node-target';

/** Checks an edge against the current document before it is written. */
export function checkNewEdge(doc: Y.Doc, edge: NewEdge): EdgeRefusal | null {
	if (edge.from === edge.to) return 'self-loop';
	if (!getNode(doc, edge.from)) return 'missing-from';
	const targetIsEdge = getEdgesMap(doc).get(edge.to) instanceof Y.Map;
	const targetIsNode = !!getNode(doc, edge.to);
	if (edge.relation === 'undercuts') return targetIsEdge ? null : 'undercut-needs-edge';
	if (!targetIsNode) return targetIsEdge ? 'needs-node-target' : 'missing-to';
	return null;
}

/** Adds an edge; returns its id, or the reason it was refused (nothing is written then). */
export function addEdge(
	doc: Y.Doc,
	input: NewEdge,
	origin: unknown
): { id: string } | { refused: EdgeRefusal } {
	const refused = checkNewEdge(doc, input);
	if (refused) return { refused };
	const id = input.id ?? newId('e');
	doc.transact(() => {
		const edge = new Y.Map<unknown>();
		edge.set(EDGE_FIELDS.from, input.from);
		edge.set(EDGE_FIELDS.to, input.to);
		edge.set(EDGE_FIELDS.relation, input.relation);
		if (input.group) edge.set(EDGE_FIELDS.group, input.group);
		if (input.author) edge.set(EDGE_FIELDS.author, input.author);
		if (isParticipantId(input.authorId)) edge.set(EDGE_FIELDS.authorId, input.authorId);
		edge.set(EDGE_FIELDS.createdAt, input.createdAt ?? nowIso());
		if (input.attackKind && input.relation === 'attacks')
			edge.set(EDGE_FIELDS.attackKind, input.attackKind);
		if (input.title) edge.set(EDGE_FIELDS.title, input.title);
		if (input.description) edge.set(EDGE_FIELDS.description, input.description);
		if (input.tags?.length) edge.set(EDGE_FIELDS.tags, [...input.tags]);
		if (input.section?.length) edge.set(EDGE_FIELDS.section, [...input.section]);
		if (input.aif) edge.set(EDGE_FIELDS.aif, { ...input.aif });
		getEdgesMap(doc).set(id, edge);
	}, origin);
	return { id };
}

export function getEdge(doc: Y.Doc, id: string): YEdge | undefined {
	const edge = getEdgesMap(doc).get(id);
	return edge instanceof Y.Map ? edge : undefined;
}

/** Changes a relation. An edge that targets an edge can only undercut; one that targets a node cannot. */
export function setEdgeRelation(
	doc: Y.Doc,
	id: string,
	relation: Relation,
	origin: unknown
): boolean {
	const edge = getEdge(doc, id);
	if (!edge) return false;
	const toEdge = !!getEdge(doc, String(edge.get(EDGE_FIELDS.to)));
	if (toEdge !== (relation === 'undercuts')) return false;
	doc.transact(() => {
		edge.set(EDGE_FIELDS.relation, relation);
		if (relation !== 'supports') edge.delete(EDGE_FIELDS.group);
		if (relation !== 'attacks') edge.delete(EDGE_FIELDS.attackKind);
	}, origin);
	return true;
}

/** Sets or clears the co-premise group of a supports edge. */
export function setEdgeGroup(doc: Y.Doc, id: string, group: string | null, origin: unknown): void {
	const edge = getEdge(doc, id);
	if (!edge || edge.get(EDGE_FIELDS.relation) !== 'supports') return;
	doc.transact(() => {
		if (group) edge.set(EDGE_FIELDS.group, group);
		else edge.delete(EDGE_FIELDS.group);
	}, origin);
}

export function deleteEdges(doc: Y.Doc, ids: string[], origin: unknown): void {
	doc.transact(() => deleteEdgesCascade(doc, ids), origin);
}

/** Plain-data edge as stored (unvalidated). */
export function rawEdge(id: string, edge: YEdge): Partial<EdgeRecord> & { id: string } {
	return { id, ...(edge.toJSON() as Partial<EdgeRecord>) };
}
