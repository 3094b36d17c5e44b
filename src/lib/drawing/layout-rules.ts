/**
 * The layered layout's rules that need no layout engine: its spacing and default shape, what it is
 * given (boxes, edges, options), and the node an edge finally points at. Apart from `layout-map.ts`
 * (which re-exports them) so that the editor's first view, which folds and draws but lays out in
 * the layout worker or in a chunk of its own, does not carry dagre to read them.
 */
import type { EdgeRecord } from '$lib/model/schema';

/**
 * Dagre's spacing, in pixels. These are the editor's values from before the layout was shared (the
 * essay script used 30 / 70): the editor is where people read maps, and 90 between ranks leaves
 * room for the arrow heads and the co-premise junctions that sit between a premise and its
 * conclusion. The fold uses the same rank gap, so a folded map keeps dagre's spacing.
 */
export const LAYOUT_SPACING = { nodeSep: 40, rankSep: 90, edgeSep: 20 } as const;

/**
 * Width / height to fold a layout towards when there is no screen to measure: a laptop's map
 * pane. The editor passes its own pane's shape.
 */
export const DEFAULT_ASPECT = 16 / 10;

/** What the layout needs of an edge (the group, to see co-premise junctions as they are drawn). */
export type LayoutEdge = Pick<EdgeRecord, 'id' | 'from' | 'to' | 'relation'> & { group?: string };

/**
 * Above this many nodes the untangling pass is skipped: its cost grows with nodes × edges (about
 * 0.7 s for 300 nodes on the development machine) and it runs on the page's main thread.
 */
export const UNTANGLE_MAX_NODES = 400;

export interface LayoutBox {
	id: string;
	w: number;
	h: number;
}

export interface LayoutOptions {
	/** Width / height of the view the layout should fit (default `DEFAULT_ASPECT`). */
	aspect?: number;
	/**
	 * Nodes that must share the top row (e.g. every final conclusion). Dagre alone lifts a
	 * conclusion with a long chain of reasons above one with a short chain.
	 */
	top?: readonly string[];
	/**
	 * Swap neighbours within rows while that removes edge crossings (`untangle.ts`; default true,
	 * skipped above `UNTANGLE_MAX_NODES`). False gives the plain dagre-and-fold layout, which the
	 * layout benchmark compares against.
	 */
	untangle?: boolean;
}

/** The map node an edge finally points at: an undercut points at the target of the edge it attacks. */
export function finalTarget(
	edge: LayoutEdge,
	edgesById: ReadonlyMap<string, LayoutEdge>
): string | null {
	let e: LayoutEdge | undefined = edge;
	// Bounded: a broken document could hold a cycle of undercuts.
	for (let depth = 0; e && depth < 16; depth++) {
		if (e.relation !== 'undercuts') return e.to;
		e = edgesById.get(e.to);
	}
	return null;
}
