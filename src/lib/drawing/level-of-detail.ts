/**
 * Levels of detail for node labels: how a label is drawn at a given zoom, so that no label is ever
 * drawn smaller than `MIN_LABEL_PX` on screen, and a zoomed-out map still reads as a map of claims.
 * Pure rules, shared by the editor (which restyles only when the band changes) and by exporters that
 * scale a picture down (a label at scale s is drawn like a label at zoom s).
 *
 * - At `FULL_LABEL_ZOOM` and above, the full wrapped label at `LABEL_FONT_SIZE` (13 px × zoom ≥ 11).
 * - Below it, zoom is cut into bands a factor `LOD_STEP` apart. In the band [lo, lo × LOD_STEP) the
 *   label is its short form (`shortLabel`: the first words that fit the node's box) at the model
 *   font size 11 / lo, i.e. 11 to 13.75 px on screen. The font is fixed within a band, so zooming
 *   restyles the map only when it crosses a band edge.
 * - Below `NO_LABEL_ZOOM` no word fits a node's box at 11 px: no label.
 */
import { LABEL_FONT_SIZE, NODE_MIN_WIDTH, estimateWidth, wrapLabel, type Measure } from './label';
import { scaledMeasure } from './text-metrics';

/** The smallest label size ever drawn, in screen pixels. */
export const MIN_LABEL_PX = 11;
/** The lowest zoom at which full labels are drawn (13 px × zoom ≥ 11 px). */
export const FULL_LABEL_ZOOM = MIN_LABEL_PX / LABEL_FONT_SIZE;
/** Ratio between band edges (the editor's zoom step). */
export const LOD_STEP = 1.25;
/**
 * Below this zoom no label is drawn: the narrowest box (80 model px) is 8 px wide on screen, and
 * the widest holds about two letters at 11 px.
 */
export const NO_LABEL_ZOOM = 0.1;
/** Line height of short labels, relative to their font size. */
export const SHORT_LINE_HEIGHT = 1.2;
/** Space kept free inside a node's box around a short label, in model pixels per side. */
export const SHORT_PAD = 6;

export type LabelLevel =
	| { kind: 'full'; band: 0; fontSize: number }
	| { kind: 'short'; band: number; fontSize: number }
	| { kind: 'none'; band: number; fontSize: 0 };

/** The highest band number (`short` labels); `none` is the band after it. */
export const LAST_SHORT_BAND = Math.ceil(
	Math.log(FULL_LABEL_ZOOM / NO_LABEL_ZOOM) / Math.log(LOD_STEP) - 1e-9
);

/** The lower zoom edge of `band` (band 0: FULL_LABEL_ZOOM). */
export const bandFloor = (band: number): number => FULL_LABEL_ZOOM / LOD_STEP ** band;

/** The model font size of short labels in `band`: 11 px on screen at the band's lower edge. */
export const bandFontSize = (band: number): number =>
	band === 0 ? LABEL_FONT_SIZE : MIN_LABEL_PX / bandFloor(band);

/** How labels are drawn at `zoom` (see the module comment). */
export function labelLevel(zoom: number): LabelLevel {
	if (!(zoom > 0)) return { kind: 'none', band: LAST_SHORT_BAND + 1, fontSize: 0 };
	if (zoom >= FULL_LABEL_ZOOM - 1e-12) return { kind: 'full', band: 0, fontSize: LABEL_FONT_SIZE };
	// The smallest band whose floor is at or below zoom.
	const band = Math.max(1, Math.ceil(Math.log(FULL_LABEL_ZOOM / zoom) / Math.log(LOD_STEP) - 1e-9));
	if (band > LAST_SHORT_BAND || zoom < NO_LABEL_ZOOM)
		return { kind: 'none', band: LAST_SHORT_BAND + 1, fontSize: 0 };
	return { kind: 'short', band, fontSize: bandFontSize(band) };
}

/**
 * The short form of a label for a node box `w` × `h` (model pixels) at model font size `fontSize`:
 * the first words, wrapped to the box, as many lines as the box holds (at least one), the last
 * cut with an ellipsis when words are left over. `measure` measures at the label font (13 px); it
 * is scaled here (and widened for bold labels, i.e. theses).
 */
export function shortLabel(
	text: string,
	w: number,
	h: number,
	fontSize: number,
	measure: Measure = estimateWidth,
	bold = false
): string {
	const m = scaledMeasure(measure, fontSize, bold);
	const width = Math.max(NODE_MIN_WIDTH, w) - 2 * SHORT_PAD;
	const lines = Math.max(1, Math.floor((h - 2 * SHORT_PAD) / (fontSize * SHORT_LINE_HEIGHT)));
	return wrapLabel(text, m, width, lines).join('\n');
}

/**
 * Drawn elements (nodes and edges shown) from which the view moves as a picture: while a drag pans
 * or the wheel zooms, the map is drawn once into a texture that then only moves and scales, and is
 * drawn afresh when the gesture ends. Below it, every frame of a gesture draws the map itself:
 * sharp, and on a map this small as fast as the display.
 */
export const MOTION_PICTURE_MIN_ELEMENTS = 1500;

/** How the map is drawn while the view moves (cytoscape's `textureOnViewport`). */
export interface MotionDetail {
	/** The view moves as a picture of itself (see `MOTION_PICTURE_MIN_ELEMENTS`). */
	picture: boolean;
}

/** The motion rule for a map drawing `drawn` nodes and edges. */
export function motionDetail(drawn: number): MotionDetail {
	return { picture: drawn >= MOTION_PICTURE_MIN_ELEMENTS };
}
