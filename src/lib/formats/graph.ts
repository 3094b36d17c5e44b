/**
 * Graph facts that several formats need: the inferences of a map (its supports edges, one inference
 * per co-premise group) and its support cycles.
 */
import type { EdgeRecord } from '$lib/model/schema';

/**
 * One inference: supports edges into `to` that share `group` (a linked argument), or one ungrouped
 * supports edge. An undercut of any of its edges undercuts the whole inference.
 */
export interface Inference {
	/** Stable within one map: `g:<to>:<group>` or `e:<edge id>`. */
	key: string;
	to: string;
	group?: string;
	edges: EdgeRecord[];
}

/** The map's inferences, in the order their first edge appears in `edges`. */
export function supportInferences(edges: readonly EdgeRecord[]): Inference[] {
	const byKey = new Map<string, Inference>();
	for (const e of edges) {
		if (e.relation !== 'supports') continue;
		const key = e.group ? `g:${e.to}:${e.group}` : `e:${e.id}`;
		const found = byKey.get(key);
		if (found) found.edges.push(e);
		else byKey.set(key, { key, to: e.to, ...(e.group ? { group: e.group } : {}), edges: [e] });
	}
	return [...byKey.values()];
}

/** Edge id → the inference it belongs to, for supports edges. */
export function inferenceByEdge(inferences: readonly Inference[]): Map<string, Inference> {
	const out = new Map<string, Inference>();
	for (const inf of inferences) for (const e of inf.edges) out.set(e.id, inf);
	return out;
}

/**
 * Groups of nodes that support each other in a circle (strongly connected components of the
 * supports graph with more than one node), each sorted, in order of their smallest member's first
 * appearance. Iterative Tarjan, so a long chain cannot overflow the stack.
 */
export function supportCycles(
	nodeIds: readonly string[],
	edges: readonly EdgeRecord[]
): string[][] {
	const out = new Map<string, string[]>();
	for (const e of edges)
		if (e.relation === 'supports') (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e.to);
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const onStack = new Set<string>();
	const stack: string[] = [];
	const cycles: string[][] = [];
	let counter = 0;
	for (const root of nodeIds) {
		if (index.has(root)) continue;
		const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
		index.set(root, counter);
		low.set(root, counter++);
		stack.push(root);
		onStack.add(root);
		while (work.length > 0) {
			const frame = work[work.length - 1];
			const targets = out.get(frame.node) ?? [];
			if (frame.next < targets.length) {
				const t = targets[frame.next++];
				if (!index.has(t)) {
					index.set(t, counter);
					low.set(t, counter++);
					stack.push(t);
					onStack.add(t);
					work.push({ node: t, next: 0 });
				} else if (onStack.has(t))
					low.set(frame.node, Math.min(low.get(frame.node)!, index.get(t)!));
				continue;
			}
			work.pop();
			const parent = work[work.length - 1];
			if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
			if (low.get(frame.node) === index.get(frame.node)) {
				const component: string[] = [];
				let member: string;
				do {
					member = stack.pop()!;
					onStack.delete(member);
					component.push(member);
				} while (member !== frame.node);
				if (component.length > 1) cycles.push(component.sort());
			}
		}
	}
	const order = new Map(nodeIds.map((id, i) => [id, i]));
	return cycles.sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0));
}

/** One warning line per support cycle, at most `limit` of them. */
export function cycleWarnings(
	nodeIds: readonly string[],
	edges: readonly EdgeRecord[],
	limit = 5
): string[] {
	const cycles = supportCycles(nodeIds, edges);
	const lines = cycles
		.slice(0, limit)
		.map((c) => `support cycle: ${c.join(', ')} support each other in a circle (kept as drawn)`);
	if (cycles.length > limit) lines.push(`and ${cycles.length - limit} more support cycles`);
	return lines;
}
