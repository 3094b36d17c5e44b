/**
 * What the history panel draws for a difference: the later map with what was removed put back as
 * ghosts, and every added, changed and removed node and edge marked (drawn by the shared SVG rules,
 * `extras.changes`). Pure.
 */
import type { MapDiff } from '$lib/model/diff';
import type { MapFile } from '$lib/model/mapfile';
import type { ChangeMark } from '$lib/drawing/svg-types';

export function diffPicture(
	from: MapFile,
	to: MapFile,
	diff: MapDiff
): { input: MapFile; changes: Map<string, ChangeMark> } {
	const changes = new Map<string, ChangeMark>();
	for (const c of [...diff.nodes, ...diff.edges]) changes.set(c.id, c.change);
	const removedNodes = from.nodes.filter((n) => changes.get(n.id) === 'removed');
	const nodes = [...to.nodes, ...removedNodes];
	const ids = new Set(nodes.map((n) => n.id));
	const removedEdges = from.edges.filter((e) => changes.get(e.id) === 'removed');
	const edges = [...to.edges];
	for (const e of edges) ids.add(e.id);
	// Undercuts of removed edges come after them, so one pass in the old order places both.
	for (const e of removedEdges)
		if (ids.has(e.from) && ids.has(e.to)) {
			edges.push(e);
			ids.add(e.id);
		}
	return { input: { ...to, nodes, edges }, changes };
}
