/**
 * The first view of a map, and cytoscape's fit, computed from node positions and the sizes the
 * binding gave the nodes: no style and no label measurement, which on a large map are much of the
 * cost of the first frame (cytoscape's own `fit` measures every label to get a bounding box; here
 * the labels are inside their nodes, so the node boxes are the bounds).
 */
export interface Bounds {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}

export interface Viewport {
	zoom: number;
	pan: { x: number; y: number };
}

export const FIT_PADDING = 40;
export const MAX_FIT_ZOOM = 1.2;
/** Below this zoom labels are hard to read; the first view of a large map does not go below it. */
export const READABLE_ZOOM = 0.6;
/** Distance from the top of the pane to the top of the map in the readable view, in pixels. */
export const READABLE_TOP = 30;

/** cytoscape's fit: the zoom and pan that show `b` in a `w`×`h` pane with padding, zoom capped. */
export function fitViewport(b: Bounds, w: number, h: number, minZoom = 0): Viewport {
	const zoom = Math.min(
		MAX_FIT_ZOOM,
		Math.max(
			minZoom,
			Math.min(
				(w - 2 * FIT_PADDING) / Math.max(1, b.x2 - b.x1),
				(h - 2 * FIT_PADDING) / Math.max(1, b.y2 - b.y1)
			)
		)
	);
	return { zoom, pan: { x: (w - zoom * (b.x1 + b.x2)) / 2, y: (h - zoom * (b.y1 + b.y2)) / 2 } };
}

/**
 * The first view: the whole map when that is readable, otherwise readable labels with the theses
 * (the top of the argument) at the top centre and the map's top edge near the pane's top.
 */
export function initialViewport(
	all: Bounds,
	theses: Bounds | null,
	w: number,
	h: number,
	minZoom = 0
): Viewport {
	const fit = fitViewport(all, w, h, minZoom);
	if (fit.zoom >= READABLE_ZOOM) return fit;
	const t = theses ?? all;
	return {
		zoom: READABLE_ZOOM,
		pan: {
			x: w / 2 - ((t.x1 + t.x2) / 2) * READABLE_ZOOM,
			y: READABLE_TOP - all.y1 * READABLE_ZOOM
		}
	};
}

/** The box around boxes centred at (x, y) with sizes w × h, plus `margin` (borders) on each side. */
export function boundsOf(
	boxes: Iterable<{ x: number; y: number; w: number; h: number }>,
	margin = 3
): Bounds | null {
	let x1 = Infinity;
	let y1 = Infinity;
	let x2 = -Infinity;
	let y2 = -Infinity;
	for (const b of boxes) {
		x1 = Math.min(x1, b.x - b.w / 2 - margin);
		x2 = Math.max(x2, b.x + b.w / 2 + margin);
		y1 = Math.min(y1, b.y - b.h / 2 - margin);
		y2 = Math.max(y2, b.y + b.h / 2 + margin);
	}
	return x1 === Infinity ? null : { x1, y1, x2, y2 };
}
