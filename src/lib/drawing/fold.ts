/**
 * Folding branches: which nodes a set of folded nodes hides, how many each fold hides, and which
 * nodes a large map starts folded at. Pure rules over node ids and edges; the editor keeps the folded
 * set per person (never in the document) and draws the result (view/fold-view.ts).
 *
 * A node's branch is what argues about it: the nodes with an edge into it (supporters, attackers,
 * rephrasings), an undercut counting as an edge into the conclusion of the edge it attacks
 * (`finalTarget`), and so on down. A node is hidden when it points at something and everything it
 * points at is folded or hidden: a reason shared by a folded branch and a visible conclusion stays
 * visible. Nodes that point at nothing (theses, final conclusions, free notes) are never hidden.
 */
import { finalTarget, type LayoutEdge } from './layout-rules';

/** Maps with at most this many nodes open unfolded: they fit a screen as they are. */
export const FOLD_DEFAULT_MIN_NODES = 40;

/** For each node, the nodes it points at (its conclusions), deduplicated, without itself. */
export function conclusionsOf(
	nodeIds: readonly string[],
	edges: readonly LayoutEdge[]
): Map<string, string[]> {
	const ids = new Set(nodeIds);
	const byId = new Map(edges.map((e) => [e.id, e]));
	const out = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
	for (const e of edges) {
		const to = finalTarget(e, byId);
		if (!to || to === e.from || !ids.has(e.from) || !ids.has(to)) continue;
		const list = out.get(e.from)!;
		if (!list.includes(to)) list.push(to);
	}
	return out;
}

/**
 * The nodes that `folded` hides. A folded node is never hidden by its own branch: in a cycle
 * (p for q, q for p), folding p hides q, and q's hiding must not take p with it.
 */
export function hiddenByFolds(
	nodeIds: readonly string[],
	edges: readonly LayoutEdge[],
	folded: ReadonlySet<string>
): Set<string> {
	const first = hide(nodeIds, edges, folded, new Set());
	const pinned = new Set<string>();
	for (const f of folded) {
		if (!first.has(f)) continue;
		const without = new Set(folded);
		without.delete(f);
		if (!hide(nodeIds, edges, without, new Set()).has(f)) pinned.add(f);
	}
	return pinned.size === 0 ? first : hide(nodeIds, edges, folded, pinned);
}

/** The worklist behind `hiddenByFolds`; `pinned` nodes stay in view like tops. */
function hide(
	nodeIds: readonly string[],
	edges: readonly LayoutEdge[],
	folded: ReadonlySet<string>,
	pinned: ReadonlySet<string>
): Set<string> {
	const up = conclusionsOf(nodeIds, edges);
	const down = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
	for (const [from, tos] of up) for (const to of tos) down.get(to)!.push(from);
	// For each node, how many of its conclusions still show it (not folded, not hidden).
	const open = new Map<string, number>();
	for (const [id, tos] of up) open.set(id, tos.filter((t) => !folded.has(t)).length);
	const hidden = new Set<string>();
	// Worklist: each node is hidden at most once and each edge looked at once per hiding, O(V + E).
	const queue = nodeIds.filter((id) => up.get(id)!.length > 0 && open.get(id) === 0);
	for (let i = 0; i < queue.length; i++) {
		const id = queue[i];
		if (hidden.has(id) || pinned.has(id)) continue;
		hidden.add(id);
		// Its reasons lose a conclusion that showed them, unless it was folded (already counted).
		if (folded.has(id)) continue;
		for (const r of down.get(id)!) {
			const left = open.get(r)! - 1;
			open.set(r, left);
			if (left === 0) queue.push(r);
		}
	}
	return hidden;
}

/** Whether `id` has a branch to fold: some node points at it. */
export function canFold(id: string, nodeIds: readonly string[], edges: readonly LayoutEdge[]) {
	for (const tos of conclusionsOf(nodeIds, edges).values()) if (tos.includes(id)) return true;
	return false;
}

/**
 * The folded nodes above a hidden node: walking up from `id` through hidden nodes, every folded
 * node met (in view or hidden itself). Unfolding all of them brings `id` back.
 */
export function foldsAbove(
	id: string,
	up: ReadonlyMap<string, readonly string[]>,
	folded: ReadonlySet<string>,
	hidden: ReadonlySet<string>
): Set<string> {
	const found = new Set<string>();
	const seen = new Set([id]);
	const stack = [id];
	while (stack.length > 0) {
		const x = stack.pop()!;
		for (const t of up.get(x) ?? []) {
			if (seen.has(t)) continue;
			seen.add(t);
			if (folded.has(t)) found.add(t);
			if (hidden.has(t)) stack.push(t);
		}
	}
	return found;
}

/**
 * For each folded node in view, how many hidden nodes lie under it (reached from it downwards
 * through hidden nodes): what its badge shows, the nodes that come back when it alone is unfolded.
 * A node under two folds counts for both. Cost: one upward walk per hidden node.
 */
export function foldCounts(
	nodeIds: readonly string[],
	edges: readonly LayoutEdge[],
	folded: ReadonlySet<string>,
	hidden: ReadonlySet<string> = hiddenByFolds(nodeIds, edges, folded)
): Map<string, number> {
	const up = conclusionsOf(nodeIds, edges);
	const out = new Map<string, number>();
	for (const f of folded) if (up.has(f) && !hidden.has(f)) out.set(f, 0);
	for (const id of hidden)
		for (const f of foldsAbove(id, up, folded, hidden)) if (out.has(f)) out.set(f, out.get(f)! + 1);
	return out;
}

/**
 * The folds a large map opens with: its main lines in view (the nodes that point at nothing, and
 * the nodes that point at them), the rest folded under them. Small maps open unfolded.
 */
export function defaultFolds(nodeIds: readonly string[], edges: readonly LayoutEdge[]): string[] {
	if (nodeIds.length <= FOLD_DEFAULT_MIN_NODES) return [];
	const up = conclusionsOf(nodeIds, edges);
	const tops = new Set(nodeIds.filter((id) => up.get(id)!.length === 0));
	const hasBranch = new Set<string>();
	for (const tos of up.values()) for (const t of tos) hasBranch.add(t);
	return nodeIds.filter(
		(id) => !tops.has(id) && hasBranch.has(id) && up.get(id)!.some((t) => tops.has(t))
	);
}
