/**
 * Top-down layout of the map with cytoscape-dagre: theses on top, the reasons for them below
 * (rankDir 'BT', because edges point from a reason up to what it supports).
 *
 * Dagre sees only map nodes. Helper nodes are left out (their positions are derived), so the edges
 * that end on them are replaced, for the layout only, by edges to the node they finally point at:
 * a premise of a co-premise group to its conclusion, an undercut's source to the attacked edge's
 * target. Those stand-in edges are removed before the layout returns; nothing is drawn in between
 * because cytoscape draws on the next animation frame.
 */
import type cytoscape from 'cytoscape';
import { COMPACT_DEFAULTS, compactLayout } from '$lib/drawing/compact';
import type { Point } from '$lib/drawing/geometry';

export const LAYOUT_OPTIONS = {
	name: 'dagre',
	rankDir: 'BT',
	nodeSep: 40,
	rankSep: 90,
	edgeSep: 20,
	ranker: 'network-simplex',
	fit: false,
	animate: false
} as const;

/** The map node an edge finally points at (following undercuts and junctions). */
function finalTarget(cy: cytoscape.Core, edge: cytoscape.EdgeSingular, depth = 0): string | null {
	const target = edge.target();
	const role = target.data('role');
	if (role === 'node') return target.id();
	if (role === 'junction') return String(target.data('target'));
	if (role === 'mid' && depth < 16) {
		const attacked = cy.getElementById(String(target.data('edge')));
		return attacked.nonempty() && attacked.isEdge() ? finalTarget(cy, attacked, depth + 1) : null;
	}
	return null;
}

/**
 * Lays out all map nodes and returns their new positions (already applied in cytoscape). A layout
 * far wider than the view is folded into sub-rows (`compact.ts`).
 */
export function runLayout(cy: cytoscape.Core): Map<string, Point> {
	const nodes = cy.nodes('.node');
	const stand: cytoscape.ElementDefinition[] = [];
	cy.edges('[role = "edge"]').forEach((edge) => {
		if (edge.target().data('role') === 'node') return;
		const to = finalTarget(cy, edge);
		if (to && to !== edge.source().id())
			stand.push({
				group: 'edges',
				data: { id: `layout:${edge.id()}`, source: edge.source().id(), target: to }
			});
	});
	const added = cy.add(stand);
	try {
		const eles = nodes.union(
			cy.edges().filter((e) => e.source().hasClass('node') && e.target().hasClass('node'))
		);
		eles.layout(LAYOUT_OPTIONS as unknown as cytoscape.LayoutOptions).run();
	} finally {
		added.remove();
	}
	const placed = nodes.map((n) => ({ id: n.id(), ...n.position(), w: n.width(), h: n.height() }));
	const aspect = cy.width() > 0 && cy.height() > 0 ? cy.width() / cy.height() : 1.5;
	const out = compactLayout(placed, aspect, {
		...COMPACT_DEFAULTS,
		rankGap: LAYOUT_OPTIONS.rankSep
	});
	cy.batch(() => {
		for (const [id, p] of out) cy.getElementById(id).position(p);
	});
	return out;
}
