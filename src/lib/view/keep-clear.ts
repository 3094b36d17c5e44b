/**
 * Keeps the selected node out from under the panels drawn over the map (legend, inspector, fold
 * bar): the smallest pan of the view that moves the node's box clear of every panel and keeps it in
 * the pane. Pure geometry in container pixels; the editor pans by what this returns.
 */
export interface Rect {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

/** Space kept between the node and a panel or the pane's edge. */
export const CLEAR_MARGIN = 8;

const overlaps = (a: Rect, b: Rect, m: number) =>
	a.x1 < b.x2 + m && a.x2 > b.x1 - m && a.y1 < b.y2 + m && a.y2 > b.y1 - m;

const shift = (r: Rect, dx: number, dy: number): Rect => ({
	x1: r.x1 + dx,
	y1: r.y1 + dy,
	x2: r.x2 + dx,
	y2: r.y2 + dy
});

/**
 * The pan (added to the view's pan) that clears `node` of `panels` within a `w` × `h` pane, the
 * shortest that works; null when nothing covers the node, or when no such pan exists (the node is
 * larger than the free space: the panels then stay as they are).
 */
export function clearingPan(
	node: Rect,
	panels: readonly Rect[],
	w: number,
	h: number,
	m = CLEAR_MARGIN
): { dx: number; dy: number } | null {
	if (!panels.some((p) => overlaps(node, p, m))) return null;
	const inPane = (r: Rect) => r.x1 >= m && r.y1 >= m && r.x2 <= w - m && r.y2 <= h - m;
	const free = (r: Rect) => inPane(r) && !panels.some((p) => overlaps(r, p, m));
	// Moves that put the node just beside one panel, alone and combined with a move along the
	// other axis beside another: enough for panels in corners and along edges.
	const xs = [0, ...panels.flatMap((p) => [p.x1 - m - node.x2, p.x2 + m - node.x1])];
	const ys = [0, ...panels.flatMap((p) => [p.y1 - m - node.y2, p.y2 + m - node.y1])];
	let best: { dx: number; dy: number; d: number } | null = null;
	for (const dx of xs)
		for (const dy of ys) {
			const d = Math.hypot(dx, dy);
			if (best && d >= best.d) continue;
			if (free(shift(node, dx, dy))) best = { dx, dy, d };
		}
	return best && best.d > 0 ? { dx: best.dx, dy: best.dy } : null;
}
