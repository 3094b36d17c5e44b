/** Keyboard navigation between nodes: the nearest node in a direction, favouring that axis. */
import type { Point } from '$lib/drawing/geometry';

export type Direction = 'up' | 'down' | 'left' | 'right';

export function nearestInDirection(
	from: Point,
	candidates: ReadonlyArray<{ id: string; p: Point }>,
	dir: Direction
): string | null {
	let best: string | null = null;
	let bestScore = Infinity;
	for (const c of candidates) {
		const dx = c.p.x - from.x;
		const dy = c.p.y - from.y;
		const along = dir === 'left' ? -dx : dir === 'right' ? dx : dir === 'up' ? -dy : dy;
		const across = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
		// Only nodes ahead, within a 45° cone either side; sideways distance counts double.
		if (along <= 1 || across > along) continue;
		const score = along + 2 * across;
		if (score < bestScore) {
			bestScore = score;
			best = c.id;
		}
	}
	return best;
}
