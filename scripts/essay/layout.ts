/**
 * Positions for the essay map: the editor's own layout (`layoutMap`: dagre top-down, conclusions
 * above their reasons, folded to a laptop screen's shape), each node sized like the box the editor
 * draws for it, or larger, so that no two labels overlap.
 */
import type { NodeKind } from '../../src/lib/model/schema';
import { nodeBox as drawnBox } from '../../src/lib/drawing/node-box';
import { layoutMap, type LayoutEdge } from '../../src/lib/drawing/layout-map';

/** The size rule every map built here honours: at least 180 wide, 18 px a line plus 20 padding. */
export const MIN_WIDTH = 180;
export const LINE_HEIGHT = 18;
export const PAD_Y = 20;

export interface Box {
	width: number;
	height: number;
}

/** The larger of the size rule and the editor's own node box, so the layout fits both. */
export function nodeBox(label: string, kind: NodeKind = 'claim'): Box {
	const editor = drawnBox(kind, label);
	const lines = editor.label.split('\n').length;
	return {
		width: Math.max(MIN_WIDTH, editor.w),
		height: Math.max(lines * LINE_HEIGHT + PAD_Y, editor.h)
	};
}

/**
 * Centre positions, rounded to whole pixels. The nodes in `top` (the thesis, the other final
 * conclusions, free-standing notes) share the top row.
 */
export function layout(
	nodes: ReadonlyArray<{ id: string; kind: NodeKind; text: string }>,
	edges: readonly LayoutEdge[],
	top: readonly string[]
): Map<string, { x: number; y: number }> {
	const boxes = nodes.map((n) => {
		const box = nodeBox(n.text, n.kind);
		return { id: n.id, w: box.width, h: box.height };
	});
	const out = new Map<string, { x: number; y: number }>();
	for (const [id, p] of layoutMap(boxes, edges, { top }))
		out.set(id, { x: Math.round(p.x), y: Math.round(p.y) });
	return out;
}
