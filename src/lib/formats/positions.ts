/**
 * Positions a foreign file gives its nodes, judged before an import keeps them. OVA writes a
 * position for every node, but files made by scripts or older tools often stack every node in one
 * column thousands of pixels tall, or put them all on one spot. Such positions carry no layout, and
 * keeping them hides the map; an import then drops them all and lays the map out with the editor's
 * Auto layout (`layoutMap`). Positions that spread the nodes out are kept as they are.
 */
export interface Point {
	x: number;
	y: number;
}

/** Nodes closer than this (in either axis) count as one column, row or spot. */
const SAME = 2;

/**
 * Why the positions are degenerate ('all in one column', …), or null when they are worth keeping.
 * Fewer than three positioned nodes are always kept: there is no layout to judge.
 */
export function degeneratePositions(points: readonly Point[]): string | null {
	if (points.length < 3) return null;
	const xs = points.map((p) => p.x);
	const ys = points.map((p) => p.y);
	const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
	const dx = spread(xs);
	const dy = spread(ys);
	if (dx <= SAME && dy <= SAME) return 'all on one spot';
	if (dx <= SAME) return 'all in one column';
	if (dy <= SAME) return 'all in one row';
	// More than half the nodes sharing a spot with another node: the layout hides them.
	const spots = new Set(points.map((p) => `${Math.round(p.x / SAME)},${Math.round(p.y / SAME)}`));
	if (spots.size * 2 < points.length) return 'mostly on top of each other';
	// A strip far taller than wide (or wider than tall) holding many nodes is a list, not a layout.
	const ratio = Math.max(dx, dy) / Math.max(1, Math.min(dx, dy));
	if (points.length >= 6 && ratio > 20)
		return `a strip ${Math.round(ratio)} times longer than wide`;
	return null;
}
