/**
 * Positions for the essay map: dagre (through cytoscape-dagre, the layout the editor uses, run on a
 * headless cytoscape) top-down, conclusions above their reasons, each node sized like the box the
 * editor draws for its label so that no two labels overlap.
 */
import cytoscape from 'cytoscape';
import cytoscapeDagre from 'cytoscape-dagre';
import { labelBox } from '../../src/lib/drawing/label';
import { COMPACT_DEFAULTS, compactLayout } from '../../src/lib/drawing/compact';

cytoscape.use(cytoscapeDagre);

export const RANK_SEP = 70;
export const NODE_SEP = 30;
/** The size rule every map built here honours: at least 180 wide, 18 px a line plus 20 padding. */
export const MIN_WIDTH = 180;
export const LINE_HEIGHT = 18;
export const PAD_Y = 20;

export interface Box {
	width: number;
	height: number;
}

/** The larger of the size rule and the editor's own label box, so the layout fits both. */
export function nodeBox(label: string): Box {
	const editor = labelBox(label);
	const lines = editor.label.split('\n').length;
	return {
		width: Math.max(MIN_WIDTH, editor.width),
		height: Math.max(lines * LINE_HEIGHT + PAD_Y, editor.height)
	};
}

export interface LayoutEdge {
	/** The premise, attacker or undercutter. */
	from: string;
	/** The node it points at (for an undercut: the attacked edge's conclusion). */
	to: string;
}

/**
 * Width / height of the finished layout: a laptop screen. Dagre alone makes the essay map about
 * 9,000 px wide and 1,350 px tall, unreadable when fitted; the editor's own fold (compact.ts, also
 * used by its Auto layout) drops wide ranks into sub-rows, keeping rank order and left-to-right order.
 */
export const TARGET_ASPECT = 16 / 10;

/** A point-sized node above the top row, removed after the layout (see `layout`). */
const ANCHOR = 'layout-top';
/** Heavy enough that dagre never stretches an edge from ANCHOR to shorten others. */
const TOP_WEIGHT = 1000;

/**
 * Centre positions, rounded to whole pixels. Edges are fed to dagre reversed (conclusion → reason)
 * so conclusions get the lower ranks and land on top. The nodes in `top` (the thesis, the other
 * final conclusions, free-standing notes) hang from one hidden node by heavy edges, which puts them
 * all on the top row: dagre alone would lift a conclusion with a long chain of reasons above the
 * thesis.
 */
export function layout(
	nodes: ReadonlyArray<{ id: string; text: string }>,
	edges: readonly LayoutEdge[],
	top: readonly string[]
): Map<string, { x: number; y: number }> {
	const cy = cytoscape({
		headless: true,
		styleEnabled: true,
		style: [
			{ selector: 'node', style: { shape: 'rectangle', width: 'data(w)', height: 'data(h)' } }
		],
		elements: [
			...nodes.map((n) => {
				const box = nodeBox(n.text);
				return { group: 'nodes' as const, data: { id: n.id, w: box.width, h: box.height } };
			}),
			{ group: 'nodes' as const, data: { id: ANCHOR, w: 1, h: 1 } },
			...edges.map((e, i) => ({
				group: 'edges' as const,
				data: { id: `layout-${i}`, source: e.to, target: e.from, weight: 1 }
			})),
			...top.map((id) => ({
				group: 'edges' as const,
				data: { id: `layout-top-${id}`, source: ANCHOR, target: id, weight: TOP_WEIGHT }
			}))
		]
	});
	try {
		cy.layout({
			name: 'dagre',
			rankDir: 'TB',
			rankSep: RANK_SEP,
			nodeSep: NODE_SEP,
			ranker: 'network-simplex',
			edgeWeight: (edge: cytoscape.EdgeSingular) => Number(edge.data('weight')),
			animate: false,
			fit: false
		} as cytoscape.LayoutOptions).run();
		const placed = cy
			.nodes()
			.filter((n) => n.id() !== ANCHOR)
			.map((n: cytoscape.NodeSingular) => {
				const box = nodeBox(String(nodes.find((m) => m.id === n.id())?.text ?? ''));
				return { id: n.id(), ...n.position(), w: box.width, h: box.height };
			});
		const folded = compactLayout(placed, TARGET_ASPECT, { ...COMPACT_DEFAULTS, rankGap: RANK_SEP });
		const out = new Map<string, { x: number; y: number }>();
		for (const [id, p] of folded) out.set(id, { x: Math.round(p.x), y: Math.round(p.y) });
		return out;
	} finally {
		// A live headless instance keeps a timer running, which would keep the build from exiting.
		cy.destroy();
	}
}
