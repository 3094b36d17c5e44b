/**
 * Where a node is on screen, computed from what the binding gave it. Overlays that follow nodes while
 * the view moves (comment and vote badges, fold badges) call this once per frame for each of their
 * nodes: it must cost nothing that grows with the map.
 */
import type cytoscape from 'cytoscape';

/**
 * A node's box on screen from its position and the size the binding gave it (`w`, `h`: the label
 * is inside the node), as `renderedBoundingBox({ includeLabels: false })` gives it without the
 * border, for nothing: cytoscape's own would compute the node's style and measure its label.
 */
export function renderedBox(
	n: cytoscape.NodeSingular,
	zoom: number,
	pan: { x: number; y: number }
): { x1: number; y1: number; x2: number; y2: number } {
	const p = n.position();
	const hw = ((Number(n.data('w')) || n.width()) / 2) * zoom;
	const hh = ((Number(n.data('h')) || n.height()) / 2) * zoom;
	const x = p.x * zoom + pan.x;
	const y = p.y * zoom + pan.y;
	return { x1: x - hw, y1: y - hh, x2: x + hw, y2: y + hh };
}
