/**
 * Maps a validated map (`MapView` from `read.ts`) onto cytoscape element definitions. Pure: no
 * cytoscape import, so it is unit-tested and shared by the binding and the tests.
 *
 * Besides one cytoscape node per map node and one cytoscape edge per map edge, it adds:
 * - a "mid" node on the midpoint of every map edge that is undercut. Cytoscape edges cannot end on
 *   edges, so an undercut ends on the mid node of the edge it attacks. (While an edge is being
 *   drawn, the controller adds temporary drop targets on the other edges; they are not made here,
 *   so that a large map does not carry a hidden node per edge.)
 * - a "junction" node for every co-premise group (two or more supports edges into one node sharing
 *   `group`): the premises' edges end on the junction, and one arrow leaves it for the conclusion.
 * Invariants: a map edge's cytoscape edge has the map edge's id; every id this module invents
 * contains ':' (which record ids never contain), so invented ids never collide with record ids.
 */
import type { EdgeRecord, NodeKind, NodeRecord, Relation } from '$lib/model/schema';
import { groupColour } from './kinds';
import { estimateWidth, type Measure } from './label';
import { nodeBox, type NodeBox } from './node-box';

export const midId = (edgeId: string): string => `mid:${edgeId}`;
export const junctionId = (target: string, group: string): string => `junction:${target}:${group}`;
export const junctionOutId = (target: string, group: string): string => `jout:${target}:${group}`;

/** What a cytoscape element stands for in the drawing (its `data.role`); not a share role. */
export type ElementRole = 'node' | 'edge' | 'mid' | 'junction' | 'jout';

export interface NodeData {
	id: string;
	role: 'node';
	kind: NodeKind;
	/** The full label text (the drawn label may be cut). */
	text: string;
	label: string;
	w: number;
	h: number;
}
export interface MidData {
	id: string;
	role: 'mid';
	/** The map edge this node sits on. */
	edge: string;
}
export interface JunctionData {
	id: string;
	role: 'junction';
	/** The conclusion the group supports. */
	target: string;
	group: string;
	colour: string;
}
export interface EdgeData {
	id: string;
	role: 'edge';
	source: string;
	target: string;
	relation: Relation;
	/** The map edge's `to` (a node id, or an edge id for undercuts). */
	to: string;
	group?: string;
	colour?: string;
}
export interface JoutData {
	id: string;
	role: 'jout';
	source: string;
	target: string;
	group: string;
	colour: string;
}

export type ElementData = NodeData | MidData | JunctionData | EdgeData | JoutData;

export interface ElementDef {
	group: 'nodes' | 'edges';
	data: ElementData;
	classes: string;
	/** Only map nodes with a stored position have one; mid and junction positions are derived. */
	position?: { x: number; y: number };
}

/**
 * Node boxes already worked out, by kind and text (`boxKey`): a caller that builds the elements
 * again and again (the editor's binding, at every change) measures each label once.
 */
export type BoxMemo = Map<string, NodeBox>;

const boxKey = (kind: string, text: string) => `${kind}\n${text}`;

export function nodeDef(
	node: NodeRecord,
	measure: Measure = estimateWidth,
	memo?: BoxMemo
): ElementDef {
	let box = memo?.get(boxKey(node.kind, node.text));
	if (!box) {
		box = nodeBox(node.kind, node.text, measure);
		memo?.set(boxKey(node.kind, node.text), box);
	}
	const data: NodeData = {
		id: node.id,
		role: 'node',
		kind: node.kind,
		text: node.text,
		label: box.label,
		w: box.w,
		h: box.h
	};
	const def: ElementDef = {
		group: 'nodes',
		data,
		classes: `node kind-${node.kind}${node.text.trim() ? '' : ' empty'}`
	};
	if (node.x !== undefined && node.y !== undefined) def.position = { x: node.x, y: node.y };
	return def;
}

/** The co-premise groups that get a junction: group key -> member edges (two or more). */
export function coPremiseGroups(edges: readonly EdgeRecord[]): Map<string, EdgeRecord[]> {
	const groups = new Map<string, EdgeRecord[]>();
	for (const e of edges) {
		if (e.relation !== 'supports' || !e.group) continue;
		const key = junctionId(e.to, e.group);
		const list = groups.get(key);
		if (list) list.push(e);
		else groups.set(key, [e]);
	}
	for (const [key, list] of groups) if (list.length < 2) groups.delete(key);
	return groups;
}

export interface ViewInput {
	nodes: readonly NodeRecord[];
	edges: readonly EdgeRecord[];
}

/** Something `readMap` accepts but cytoscape cannot draw (it needs ids unique across all elements). */
export interface ViewProblem {
	id: string;
	reason: string;
}

/**
 * Edges that can be drawn: an edge whose id is also a node id is left out, and so, transitively,
 * is every undercut of a left-out edge.
 */
function drawableEdges(view: ViewInput, problems: ViewProblem[]): EdgeRecord[] {
	const nodeIds = new Set(view.nodes.map((n) => n.id));
	const kept = new Map<string, EdgeRecord>();
	for (const e of view.edges) {
		if (nodeIds.has(e.id)) problems.push({ id: e.id, reason: 'edge id is also a node id' });
		else kept.set(e.id, e);
	}
	for (let changed = true; changed;) {
		changed = false;
		for (const e of kept.values()) {
			if (e.relation === 'undercuts' && !kept.has(e.to)) {
				kept.delete(e.id);
				problems.push({ id: e.id, reason: `undercuts edge ${e.to}, which cannot be drawn` });
				changed = true;
			}
		}
	}
	return view.edges.filter((e) => kept.has(e.id));
}

/**
 * Every element the map needs: map nodes, junctions and mid nodes first, then edges, so that adding
 * them in order never adds an edge before its ends.
 */
export function buildElements(
	view: ViewInput,
	measure: Measure = estimateWidth,
	/** Boxes kept from earlier calls with the same `measure` (see `BoxMemo`). */
	memo?: BoxMemo
): { elements: ElementDef[]; problems: ViewProblem[] } {
	const problems: ViewProblem[] = [];
	const edges = drawableEdges(view, problems);
	const out: ElementDef[] = view.nodes.map((n) => nodeDef(n, measure, memo));
	const groups = coPremiseGroups(edges);
	const junctionOf = new Map<string, string>();
	for (const [jid, members] of groups) {
		const { to, group } = members[0] as EdgeRecord & { group: string };
		out.push({
			group: 'nodes',
			data: { id: jid, role: 'junction', target: to, group, colour: groupColour(group) },
			classes: 'junction'
		});
		for (const m of members) junctionOf.set(m.id, jid);
	}
	const undercut = new Set(edges.filter((e) => e.relation === 'undercuts').map((e) => e.to));
	for (const e of edges) {
		if (!undercut.has(e.id)) continue;
		out.push({
			group: 'nodes',
			data: { id: midId(e.id), role: 'mid', edge: e.id },
			classes: 'mid'
		});
	}
	for (const e of edges) {
		const jid = junctionOf.get(e.id);
		const target = e.relation === 'undercuts' ? midId(e.to) : (jid ?? e.to);
		const data: EdgeData = {
			id: e.id,
			role: 'edge',
			source: e.from,
			target,
			relation: e.relation,
			to: e.to
		};
		if (e.group) data.group = e.group;
		if (jid && e.group) data.colour = groupColour(e.group);
		out.push({ group: 'edges', data, classes: `rel-${e.relation}${jid ? ' grouped' : ''}` });
	}
	for (const [jid, members] of groups) {
		const { to, group } = members[0] as EdgeRecord & { group: string };
		out.push({
			group: 'edges',
			data: {
				id: junctionOutId(to, group),
				role: 'jout',
				source: jid,
				target: to,
				group,
				colour: groupColour(group)
			},
			classes: 'jout'
		});
	}
	return { elements: out, problems };
}
