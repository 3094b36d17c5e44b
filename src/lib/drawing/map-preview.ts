/**
 * A picture of the map for the editor page's HTML (see hooks.server.ts): the same drawing as the
 * SVG export (`exportToSvg`), cut to the map's nodes, with the CSS that places it where cytoscape's
 * first view (`initial-view.ts`) will show the map. A reader sees the map at the page's first
 * paint; the editor removes the picture once cytoscape has drawn the live map in the same place.
 *
 * Which first view applies depends on the pane's size (the whole map when that is readable), so
 * the CSS carries both placements and a container query on the pane picks one, as the editor will.
 * Widths come from `estimateWidth`, not a canvas, so node boxes may differ from cytoscape's by a few
 * pixels; positions are the stored ones, the same in both.
 *
 * A map that opens folded to its main lines (`$lib/drawing/fold.ts`, `defaultFolds`) is pictured
 * as its first view will draw it: only the nodes in view, where the arrangement of the default
 * folds puts them (`previewArrangement`, sent with the page for the editor to draw the same), fitted
 * to the pane as the editor fits an arranged view. The essay map's picture is then 12 nodes, not 87.
 */
import type { MapView } from '$lib/model/read';
import { exportToSvg } from './svg';
import {
	FIT_PADDING,
	MAX_FIT_ZOOM,
	READABLE_TOP,
	READABLE_ZOOM,
	boundsOf,
	type Bounds
} from './initial-view';
import { labelBox } from './label';
import { buildElements, type NodeData } from './elements';
import { firstArrangement, type FirstArrangement } from './fold-arrangement';
import { runLayoutJob } from './layout-job';
import type { LayoutEdge } from './layout-rules';

export interface MapPreview {
	/** An `<svg>` element whose viewBox is the nodes' bounding box. */
	svg: string;
	/**
	 * CSS for the picture as `${scope}` (an element inside a `container-type: size` pane): the
	 * readable view, and inside a container query the whole-map view.
	 */
	css(scope: string): string;
}

const px = (n: number) => `${Math.round(n * 100) / 100}px`;

/**
 * The arrangement of the map's default folds as the editor would lay it out (`FoldView`), with the
 * editor's node boxes measured by estimate: null when the map does not open folded by default or
 * leaves more nodes in view than the page arranges itself (fold-arrangement.ts). Positions do not
 * matter: the arrangement lays the nodes out afresh.
 */
export function previewArrangement(view: MapView): FirstArrangement | null {
	const { elements } = buildElements(view);
	const boxes = new Map<string, { w: number; h: number }>();
	const edges: LayoutEdge[] = [];
	for (const el of elements) {
		const d = el.data;
		if (d.role === 'node') boxes.set(d.id, { w: (d as NodeData).w, h: (d as NodeData).h });
		else if (d.role === 'edge')
			edges.push({
				id: d.id,
				from: d.source,
				to: d.to,
				relation: d.relation,
				...(d.group ? { group: d.group } : {})
			});
	}
	return firstArrangement([...boxes.keys()], edges, (id) => boxes.get(id)!, runLayoutJob);
}

/**
 * Null when there is nothing to show, or some node has no position yet (the editor lays it out).
 * With `arranged` (the map's default folds, `previewArrangement`): only those nodes, there.
 */
export function mapPreview(view: MapView, arranged?: FirstArrangement | null): MapPreview | null {
	if (view.nodes.length === 0) return null;
	if (arranged) {
		const at = new Map(arranged.at.map(([id, x, y]) => [id, { x, y }]));
		view = {
			...view,
			nodes: view.nodes.filter((n) => at.has(n.id)).map((n) => ({ ...n, ...at.get(n.id)! }))
		};
	}
	const boxes = [];
	for (const n of view.nodes) {
		if (n.x === undefined || n.y === undefined) return null;
		const box = labelBox(n.text);
		boxes.push({ x: n.x, y: n.y, w: box.width, h: box.height, thesis: n.kind === 'thesis' });
	}
	const all = boundsOf(boxes) as Bounds;
	const theses = boundsOf(boxes.filter((b) => b.thesis)) ?? all;
	const w = all.x2 - all.x1;
	const h = all.y2 - all.y1;
	const drawn = exportToSvg(view, {
		scope: arranged
			? { ids: view.nodes.map((n) => n.id), viewport: { x: all.x1, y: all.y1, w, h } }
			: { viewport: { x: all.x1, y: all.y1, w, h } },
		padding: 0,
		background: 'transparent',
		legend: false
	});
	// The export's own width and height give way to the box the CSS sets.
	const svg = drawn.replace(
		/^<svg([^>]*?) width="[^"]*" height="[^"]*"/,
		'<svg$1 preserveAspectRatio="xMidYMid meet"'
	);
	// initialViewport: the whole map when its fit zoom reaches READABLE_ZOOM, that is when the pane
	// is at least this large; otherwise READABLE_ZOOM with the theses at the top centre.
	const minW = w * READABLE_ZOOM + 2 * FIT_PADDING;
	const minH = h * READABLE_ZOOM + 2 * FIT_PADDING;
	const centre = (theses.x1 + theses.x2) / 2;
	const fitted =
		`left:${px(FIT_PADDING)};top:${px(FIT_PADDING)};right:${px(FIT_PADDING)};bottom:${px(FIT_PADDING)};` +
		`margin:auto;width:calc(100% - ${px(2 * FIT_PADDING)});height:calc(100% - ${px(2 * FIT_PADDING)});` +
		`max-width:${px(w * MAX_FIT_ZOOM)};max-height:${px(h * MAX_FIT_ZOOM)}`;
	// An arranged view is always fitted (EditorController.initialView).
	const css = arranged
		? (scope: string) => `${scope}{position:absolute;${fitted}}`
		: (scope: string) =>
				`${scope}{position:absolute;left:calc(50% + ${px((all.x1 - centre) * READABLE_ZOOM)});` +
				`top:${px(READABLE_TOP)};width:${px(w * READABLE_ZOOM)};height:${px(h * READABLE_ZOOM)}}` +
				`@container (min-width:${px(minW)}) and (min-height:${px(minH)}){${scope}{${fitted}}}`;
	return { svg, css };
}
