/** Keyboard navigation between nodes: the nearest node in a direction, favouring that axis. */
import type { Point } from '$lib/drawing/geometry';

export type Direction = 'up' | 'down' | 'left' | 'right';

export function nearestInDirection(
	from: Point,
	candidates: ReadonlyArray<{ id: string; p: Point }>,
	dir: Direction,
	/** Only nodes within 45° of the direction (the default), or anywhere on that side. */
	cone = true
): string | null {
	let best: string | null = null;
	let bestScore = Infinity;
	for (const c of candidates) {
		const dx = c.p.x - from.x;
		const dy = c.p.y - from.y;
		const along = dir === 'left' ? -dx : dir === 'right' ? dx : dir === 'up' ? -dy : dy;
		const across = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
		// Only nodes ahead (within a 45° cone either side, unless `cone` is off); sideways distance
		// counts double.
		if (along <= 1 || (cone && across > along)) continue;
		const score = along + 2 * across;
		if (score < bestScore) {
			bestScore = score;
			best = c.id;
		}
	}
	return best;
}

/**
 * The node to aim at next (a keyboard connection): the nearest in the cone, else the nearest on
 * that side at all, so that every node can be reached with the arrows (a target up and far to the
 * left is outside both the up and the left cone of some nodes).
 */
export function aimInDirection(
	from: Point,
	candidates: ReadonlyArray<{ id: string; p: Point }>,
	dir: Direction
): string | null {
	return (
		nearestInDirection(from, candidates, dir) ?? nearestInDirection(from, candidates, dir, false)
	);
}
