/**
 * The map as shapes to draw, in model coordinates: which nodes, edges and junctions, where, and in
 * which style. It is built with the editor's own pure modules (`buildElements` for undercut mid
 * nodes and co-premise junctions and node boxes, `derivedPositions` for where those sit), so the
 * export draws the map as the editor does, box for box. Nothing here knows about SVG text.
 */
import type { NodeKind, NodeRecord, Relation } from '$lib/model/schema';
import {
	buildElements,
	type EdgeData,
	type ElementDef,
	type JoutData,
	type NodeData
} from './elements';
import { derivedPositions, type Point } from './geometry';
import { KIND_STYLES, RELATION_STYLES } from './kinds';
import { estimateWidth, type Measure } from './label';
import { borderWidth } from './node-box';
import { JUNCTION_RADIUS, controlPoint, unit, type Head } from './edge-geometry';
import type { ExportMap } from './svg-input';
import { completePositions } from './layout-map';
import { exitDistance, outline } from './shapes';
import type { ExportScope, Rect } from './svg-types';

export interface SceneNode {
	id: string;
	kind: NodeKind;
	lines: string[];
	/** The label is the "(no text)" placeholder. */
	empty: boolean;
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface SceneEdge {
	id: string;
	relation: Relation;
	/** 'grouped': a premise's line into a junction; 'jout': the junction's arrow to the conclusion. */
	role: 'edge' | 'grouped' | 'jout';
	start: Point;
	/** Where the head's tip is (or the line ends, without a head). */
	tip: Point;
	/** Direction of the line arriving at `tip`. */
	dir: Point;
	/** Control point of a quadratic curve (parallel edges), or none for a straight line. */
	control?: Point;
	colour: string;
	width: number;
	/** Dash pattern (`RelationStyle.dash`), or null for a solid line. */
	dash: readonly number[] | null;
	head: Head;
}

export interface SceneJunction {
	id: string;
	x: number;
	y: number;
	colour: string;
}

export interface Scene {
	nodes: SceneNode[];
	edges: SceneEdge[];
	junctions: SceneJunction[];
	/** The box around everything drawn (null when nothing is). */
	bounds: Rect | null;
}

/** Parallel edges between the same two nodes are bent apart this far (cytoscape's default step). */
const PARALLEL_STEP = 40;

/** The map nodes and edges a scope keeps. A viewport keeps everything: the picture is cut instead. */
export function scopedMap(map: ExportMap, scope: ExportScope): ExportMap {
	if (scope === 'all' || !scope.ids) return map;
	const ids = new Set(scope.ids);
	const nodes = map.nodes.filter((n) => ids.has(n.id));
	const kept = new Set(nodes.map((n) => n.id));
	// Undercuts end on edges: keep them in rounds, once the edge they end on is kept.
	let pending = map.edges.filter((e) => kept.has(e.from));
	const edges = new Set<string>();
	for (let changed = true; changed;) {
		changed = false;
		pending = pending.filter((e) => {
			if (!kept.has(e.to) && !edges.has(e.to)) return true;
			edges.add(e.id);
			changed = true;
			return false;
		});
	}
	return { meta: map.meta, nodes, edges: map.edges.filter((e) => edges.has(e.id)) };
}

/** Positions of every node of the whole map (stored, or laid out by the editor's rules). */
export function nodePositions(
	map: ExportMap,
	measure: Measure = estimateWidth
): { positions: Map<string, Point>; elements: ElementDef[] } {
	const { elements } = buildElements(map, measure);
	const boxes = elements
		.filter((el): el is ElementDef & { data: NodeData } => el.data.role === 'node')
		.map((el) => ({ id: el.data.id, w: el.data.w, h: el.data.h, position: el.position }));
	return { positions: completePositions(boxes, map.edges), elements };
}

interface Ends {
	source: string;
	target: string;
	roleOf: (id: string) => string | undefined;
}

/** Where the line along `dir` leaves the shape drawn for `id`, centred at `centre`. */
function boundaryPoint(
	id: string,
	centre: Point,
	dir: Point,
	nodes: ReadonlyMap<string, SceneNode>,
	roleOf: Ends['roleOf']
): Point {
	const node = nodes.get(id);
	let dist = 0;
	if (node) {
		const shape = KIND_STYLES[node.kind].shape;
		dist = exitDistance(outline(shape, node.w, node.h), dir) + borderWidth(node.kind) / 2;
	} else if (roleOf(id) === 'junction') dist = JUNCTION_RADIUS;
	return { x: centre.x + dir.x * dist, y: centre.y + dir.y * dist };
}

/**
 * Builds the scene of `map` (already cut to its scope) with `positions` of its map nodes (computed
 * over the whole map, so a selection keeps the places it has in the full picture).
 */
export function buildScene(
	map: ExportMap,
	positions: ReadonlyMap<string, Point>,
	measure: Measure = estimateWidth,
	/** `buildElements(map, measure)` when the caller has it already (it is the costly part). */
	prebuilt?: readonly ElementDef[]
): Scene {
	const elements = prebuilt ?? buildElements(map, measure).elements;
	const derived = derivedPositions(elements, (id) => positions.get(id));
	const at = (id: string) => positions.get(id) ?? derived.get(id);
	const roles = new Map(elements.map((el) => [el.data.id, el.data.role]));
	const roleOf = (id: string) => roles.get(id);
	const records = new Map<string, NodeRecord>(map.nodes.map((n) => [n.id, n]));

	const nodes = new Map<string, SceneNode>();
	const junctions: SceneJunction[] = [];
	for (const el of elements) {
		const d = el.data;
		const p = at(d.id);
		if (!p) continue;
		if (d.role === 'node') {
			const lines = d.label.split('\n');
			nodes.set(d.id, {
				id: d.id,
				kind: d.kind,
				lines,
				empty: !records.get(d.id)?.text.trim(),
				x: p.x,
				y: p.y,
				w: d.w,
				h: d.h
			});
		} else if (d.role === 'junction')
			junctions.push({ id: d.id, x: p.x, y: p.y, colour: d.colour });
	}

	const lines = elements
		.map((el) => el.data)
		.filter((d): d is EdgeData | JoutData => d.role === 'edge' || d.role === 'jout');
	// Parallel edges: index each edge among those joining the same two ends, either way round.
	const pairKey = (d: EdgeData | JoutData) => [d.source, d.target].sort().join('\u0000');
	const pairs = new Map<string, string[]>();
	for (const d of lines) pairs.set(pairKey(d), [...(pairs.get(pairKey(d)) ?? []), d.id]);

	const edges: SceneEdge[] = [];
	for (const d of lines) {
		const a = at(d.source);
		const b = at(d.target);
		if (!a || !b || (a.x === b.x && a.y === b.y)) continue;
		const siblings = pairs.get(pairKey(d))!;
		const index = siblings.indexOf(d.id);
		// Offsets are taken in one fixed orientation of the pair, so opposite edges bend apart.
		const flip = d.source < d.target ? 1 : -1;
		const offset = (index - (siblings.length - 1) / 2) * PARALLEL_STEP * flip;
		const control = controlPoint(a, b, offset);
		const startDir = unit(a, control ?? b);
		const endDir = unit(control ?? a, b);
		const start = boundaryPoint(d.source, a, startDir, nodes, roleOf);
		const undercut = d.role === 'edge' && d.relation === 'undercuts';
		// An undercut ends exactly on the middle of the edge it attacks (the editor's mid node).
		const tip = undercut
			? b
			: boundaryPoint(d.target, b, { x: -endDir.x, y: -endDir.y }, nodes, roleOf);
		if (d.role === 'jout') {
			edges.push({
				id: d.id,
				relation: 'supports',
				role: 'jout',
				start,
				tip,
				dir: endDir,
				control,
				colour: d.colour,
				width: 3.5,
				dash: null,
				head: 'triangle'
			});
			continue;
		}
		const style = RELATION_STYLES[d.relation];
		const grouped = roleOf(d.target) === 'junction';
		edges.push({
			id: d.id,
			relation: d.relation,
			role: grouped ? 'grouped' : 'edge',
			start,
			tip,
			dir: endDir,
			control,
			colour: grouped && d.colour ? d.colour : style.colour,
			width: grouped ? 2.5 : 2,
			dash: style.dash,
			head: grouped ? 'none' : style.arrow
		});
	}
	const nodeList = [...nodes.values()];
	return { nodes: nodeList, edges, junctions, bounds: sceneBounds(nodeList, edges, junctions) };
}

function sceneBounds(
	nodes: readonly SceneNode[],
	edges: readonly SceneEdge[],
	junctions: readonly SceneJunction[]
): Rect | null {
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	const add = (x: number, y: number, r: number) => {
		x0 = Math.min(x0, x - r);
		y0 = Math.min(y0, y - r);
		x1 = Math.max(x1, x + r);
		y1 = Math.max(y1, y + r);
	};
	for (const n of nodes) {
		const b = borderWidth(n.kind) / 2;
		add(n.x - n.w / 2, n.y - n.h / 2, b);
		add(n.x + n.w / 2, n.y + n.h / 2, b);
	}
	for (const j of junctions) add(j.x, j.y, JUNCTION_RADIUS + 1);
	for (const e of edges) {
		// A head reaches at most ~8px beside its tip; a curve stays inside its control triangle.
		add(e.start.x, e.start.y, 2);
		add(e.tip.x, e.tip.y, 8);
		if (e.control)
			add(
				(e.start.x + e.tip.x) / 4 + e.control.x / 2,
				(e.start.y + e.tip.y) / 4 + e.control.y / 2,
				2
			);
	}
	if (!Number.isFinite(x0)) return null;
	return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The box of one drawn element, for culling against a viewport. */
export function nodeRect(n: SceneNode): Rect {
	const b = borderWidth(n.kind) / 2;
	return { x: n.x - n.w / 2 - b, y: n.y - n.h / 2 - b, w: n.w + 2 * b, h: n.h + 2 * b };
}

export function edgeRect(e: SceneEdge): Rect {
	const xs = [e.start.x, e.tip.x, ...(e.control ? [e.control.x] : [])];
	const ys = [e.start.y, e.tip.y, ...(e.control ? [e.control.y] : [])];
	const x = Math.min(...xs) - 8;
	const y = Math.min(...ys) - 8;
	return { x, y, w: Math.max(...xs) + 8 - x, h: Math.max(...ys) + 8 - y };
}

export const intersects = (a: Rect, b: Rect): boolean =>
	a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
