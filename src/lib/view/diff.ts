/**
 * Diffs the elements cytoscape shows (as last applied) against the elements the document asks for.
 * Pure, so that the binding's patching is tested without a browser.
 */
import type { ElementDef } from '$lib/drawing/elements';
import type { Point } from '$lib/drawing/geometry';

export interface Patch {
	/** Ids to remove, edges before nodes. */
	remove: string[];
	/** Definitions to add, in the order given (nodes before edges). */
	add: ElementDef[];
	/** Elements whose data or classes changed, in place. */
	update: ElementDef[];
}

const sameData = (a: ElementDef, b: ElementDef): boolean =>
	a.classes === b.classes && JSON.stringify(a.data) === JSON.stringify(b.data);

/** An element cannot change between node and edge, nor move its ends, in place. */
const replaceable = (a: ElementDef, b: ElementDef): boolean => {
	if (a.group !== b.group) return true;
	if (a.group === 'nodes') return false;
	const da = a.data as { source: string; target: string };
	const db = b.data as { source: string; target: string };
	return da.source !== db.source || da.target !== db.target;
};

export function diffElements(
	prev: ReadonlyMap<string, ElementDef>,
	next: readonly ElementDef[]
): Patch {
	const patch: Patch = { remove: [], add: [], update: [] };
	const nextIds = new Set<string>();
	for (const def of next) {
		nextIds.add(def.data.id);
		const old = prev.get(def.data.id);
		if (!old) patch.add.push(def);
		else if (replaceable(old, def)) {
			patch.remove.push(def.data.id);
			patch.add.push(def);
		} else if (!sameData(old, def)) patch.update.push(def);
	}
	for (const [id, old] of prev) if (!nextIds.has(id) && old) patch.remove.push(id);
	const isEdge = (id: string) => prev.get(id)?.group === 'edges';
	patch.remove.sort((a, b) => Number(isEdge(b)) - Number(isEdge(a)));
	return patch;
}

export const isEmptyPatch = (p: Patch): boolean =>
	p.remove.length === 0 && p.add.length === 0 && p.update.length === 0;

/** Less than this (in model pixels) is not a move: stored positions are rounded to 0.1. */
export const POSITION_EPSILON = 0.05;

export function samePoint(a: Point | undefined, b: Point | undefined): boolean {
	if (!a || !b) return a === b;
	return Math.abs(a.x - b.x) < POSITION_EPSILON && Math.abs(a.y - b.y) < POSITION_EPSILON;
}

/** Map nodes whose stored position differs from where cytoscape shows them. */
export function positionMoves(
	next: readonly ElementDef[],
	current: (id: string) => Point | undefined
): Array<{ id: string; position: Point }> {
	const moves: Array<{ id: string; position: Point }> = [];
	for (const def of next) {
		if (def.data.role !== 'node' || !def.position) continue;
		if (!samePoint(current(def.data.id), def.position))
			moves.push({ id: def.data.id, position: def.position });
	}
	return moves;
}
