/**
 * The map as an outline: a tree from the theses down, for reading (and editing) the argument without
 * the canvas. Pure: built from the validated records `readMap` returns.
 *
 * - Roots: theses first, then every other node that supports or attacks nothing (and undercuts
 *   nothing): conclusions of their own and loose notes. Nodes only reachable through a cycle are
 *   added as roots last, so every node appears.
 * - Children of a node: the nodes that support or attack it. Supports edges in one co-premise group
 *   are one `group` item whose children are the premises ("linked with").
 * - Under a premise, first the nodes that undercut the edge from it ("undercuts"), then its own
 *   supporters and attackers.
 * - A node is shown in full once (its first place in depth-first order); every other place, and
 *   every place on a cycle, is a `ref` item with no children ("→ see …"), never a copy.
 */
import type { EdgeRecord, NodeRecord, Relation } from '$lib/model/schema';

export type OutlineRelation = Relation | 'linked with';

export interface OutlineItem {
	/** Unique within the tree and stable across rebuilds while the same edges exist (DOM keys). */
	key: string;
	type: 'node' | 'ref' | 'group';
	/** The node shown (node and ref items); unset for groups. */
	nodeId?: string;
	/** The edge that puts this item under its parent (unset for roots and groups). */
	edgeId?: string;
	/** The co-premise group (group items). */
	group?: string;
	/** How this item relates to its parent; null for roots. */
	relation: OutlineRelation | null;
	/** 1 for roots (aria-level). */
	level: number;
	children: OutlineItem[];
}

type OutlineNode = Pick<NodeRecord, 'id' | 'kind'>;
type OutlineEdge = Pick<EdgeRecord, 'id' | 'from' | 'to' | 'relation' | 'group'>;

export function buildOutline(
	nodes: readonly OutlineNode[],
	edges: readonly OutlineEdge[]
): OutlineItem[] {
	const nodeIds = new Set(nodes.map((n) => n.id));
	const edgeIds = new Set(edges.map((e) => e.id));
	const into = new Map<string, OutlineEdge[]>();
	const undercuts = new Map<string, OutlineEdge[]>();
	const pointsSomewhere = new Set<string>();
	for (const e of edges) {
		if (!nodeIds.has(e.from)) continue;
		if (e.relation === 'undercuts') {
			if (!edgeIds.has(e.to)) continue;
			undercuts.set(e.to, [...(undercuts.get(e.to) ?? []), e]);
		} else {
			if (!nodeIds.has(e.to)) continue;
			into.set(e.to, [...(into.get(e.to) ?? []), e]);
		}
		pointsSomewhere.add(e.from);
	}

	const shown = new Set<string>();

	const nodeItem = (
		nodeId: string,
		key: string,
		level: number,
		relation: OutlineRelation | null,
		edgeId?: string
	): OutlineItem => {
		const base = { key, nodeId, level, relation, ...(edgeId ? { edgeId } : {}) };
		if (shown.has(nodeId)) return { ...base, type: 'ref', children: [] };
		shown.add(nodeId);
		const children: OutlineItem[] = [];
		// Undercuts of the edge that brought us here come first: they question this very step.
		if (edgeId)
			for (const u of undercuts.get(edgeId) ?? [])
				children.push(nodeItem(u.from, `${key}/${u.id}`, level + 1, 'undercuts', u.id));
		children.push(...childItems(nodeId, key, level + 1));
		return { ...base, type: 'node', children };
	};

	const childItems = (nodeId: string, key: string, level: number): OutlineItem[] => {
		const out: OutlineItem[] = [];
		const groups = new Map<string, OutlineItem>();
		for (const e of into.get(nodeId) ?? []) {
			if (e.relation === 'supports' && e.group) {
				let g = groups.get(e.group);
				if (!g) {
					g = {
						key: `${key}/g:${e.group}`,
						type: 'group',
						group: e.group,
						relation: 'supports',
						level,
						children: []
					};
					groups.set(e.group, g);
					out.push(g);
				}
				g.children.push(nodeItem(e.from, `${key}/${e.id}`, level + 1, 'linked with', e.id));
			} else out.push(nodeItem(e.from, `${key}/${e.id}`, level, e.relation, e.id));
		}
		return out;
	};

	const roots: OutlineItem[] = [];
	const theses = nodes.filter((n) => n.kind === 'thesis');
	const tops = nodes.filter((n) => n.kind !== 'thesis' && !pointsSomewhere.has(n.id));
	for (const n of [...theses, ...tops])
		if (!shown.has(n.id)) roots.push(nodeItem(n.id, n.id, 1, null));
	// Whatever is left only hangs off a cycle: start from it so it is shown too.
	for (const n of nodes) if (!shown.has(n.id)) roots.push(nodeItem(n.id, n.id, 1, null));
	return roots;
}

/** Items in reading order, skipping the children of collapsed items (keyboard navigation). */
export function visibleItems(
	roots: readonly OutlineItem[],
	collapsed: ReadonlySet<string> = new Set()
): OutlineItem[] {
	const out: OutlineItem[] = [];
	const walk = (items: readonly OutlineItem[]) => {
		for (const it of items) {
			out.push(it);
			if (it.children.length > 0 && !collapsed.has(it.key)) walk(it.children);
		}
	};
	walk(roots);
	return out;
}

/** The parent of every item, by key (Left arrow moves there). */
export function parentKeys(roots: readonly OutlineItem[]): Map<string, string> {
	const out = new Map<string, string>();
	const walk = (items: readonly OutlineItem[], parent: string | null) => {
		for (const it of items) {
			if (parent) out.set(it.key, parent);
			walk(it.children, it.key);
		}
	};
	walk(roots, null);
	return out;
}

/** The key of the item that shows a node in full, if any. */
export function fullItemKey(roots: readonly OutlineItem[], nodeId: string): string | null {
	for (const it of roots) {
		if (it.type === 'node' && it.nodeId === nodeId) return it.key;
		const inner = fullItemKey(it.children, nodeId);
		if (inner) return inner;
	}
	return null;
}

/** The outline's keyboard model (WAI-ARIA tree view pattern), as a pure step. */
export type TreeKey = 'ArrowDown' | 'ArrowUp' | 'ArrowRight' | 'ArrowLeft' | 'Home' | 'End';

export type TreeMove =
	| { type: 'focus'; key: string }
	| { type: 'expand'; key: string }
	| { type: 'collapse'; key: string }
	| null;

export function treeMove(
	roots: readonly OutlineItem[],
	collapsed: ReadonlySet<string>,
	current: string | null,
	key: TreeKey
): TreeMove {
	const list = visibleItems(roots, collapsed);
	if (list.length === 0) return null;
	const i = current ? list.findIndex((it) => it.key === current) : -1;
	const item = i >= 0 ? list[i] : null;
	switch (key) {
		case 'Home':
			return { type: 'focus', key: list[0].key };
		case 'End':
			return { type: 'focus', key: list[list.length - 1].key };
		case 'ArrowDown':
			return { type: 'focus', key: list[Math.min(list.length - 1, i + 1)].key };
		case 'ArrowUp':
			return { type: 'focus', key: list[Math.max(0, i - 1)].key };
		case 'ArrowRight':
			if (!item) return { type: 'focus', key: list[0].key };
			if (item.children.length === 0) return null;
			if (collapsed.has(item.key)) return { type: 'expand', key: item.key };
			return { type: 'focus', key: item.children[0].key };
		case 'ArrowLeft': {
			if (!item) return { type: 'focus', key: list[0].key };
			if (item.children.length > 0 && !collapsed.has(item.key))
				return { type: 'collapse', key: item.key };
			const parent = parentKeys(roots).get(item.key);
			return parent ? { type: 'focus', key: parent } : null;
		}
	}
}
