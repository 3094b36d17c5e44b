/**
 * The size of a map node's box, one rule for the editor (`elements.ts`, which cytoscape draws) and
 * for pictures (`scene.ts`), so an exported image has the boxes the screen has.
 *
 * Start from the label's box (`labelBox`: wrapped lines plus padding), then grow it for its shape:
 * shapes that cut their corners get a larger box around the same label, theses are drawn bold
 * (wider glyphs), and the top and bottom lines of a hexagon, tag or ellipse must stay inside its
 * slanted or curved sides. Growth is about the centre, so stored positions keep their meaning.
 */
import type { NodeKind } from '$lib/model/schema';
import { KIND_STYLES } from './kinds';
import {
	LABEL_FONT_SIZE,
	LABEL_LINE_HEIGHT,
	NODE_PAD_X,
	estimateWidth,
	labelBox,
	type Measure
} from './label';
import { scaledMeasure } from './text-metrics';

/** Kinds whose labels are drawn bold (those with a double border, i.e. theses). */
export const isBold = (kind: NodeKind): boolean => KIND_STYLES[kind].borderStyle === 'double';

/** Border width per kind, as in the editor's stylesheet (a double border is 5px). */
export const borderWidth = (kind: NodeKind): number =>
	KIND_STYLES[kind].borderStyle === 'double' ? 5 : 2;

/** Shapes that cut their corners need a larger box around the same label. */
const SHAPE_GROWTH: Record<string, { w: number; h: number }> = {
	ellipse: { w: 1.3, h: 1.35 },
	'round-hexagon': { w: 1.18, h: 1.05 },
	barrel: { w: 1.06, h: 1.12 },
	'round-tag': { w: 1.12, h: 1 },
	'cut-rectangle': { w: 1.06, h: 1.06 }
};

/** Space kept between a label line and a slanted or curved border. */
const SHAPE_TEXT_GAP = 4;

/**
 * How much of a shape's half-width is inside the shape at height `t` from its middle (0 = the
 * middle, 1 = the top or bottom). Hexagons and tags narrow linearly to half; ellipses as a circle.
 */
function insideFraction(shape: string, t: number): number {
	if (shape === 'round-hexagon' || shape === 'round-tag') return 1 - t / 2;
	if (shape === 'ellipse') return Math.sqrt(Math.max(0, 1 - t * t));
	return 1;
}

export interface NodeBox {
	/** The label as drawn: wrapped lines joined by newlines (cut with an ellipsis when long). */
	label: string;
	w: number;
	h: number;
}

/** The box a node of `kind` labelled `text` is drawn in. */
export function nodeBox(kind: NodeKind, text: string, measure: Measure = estimateWidth): NodeBox {
	const box = labelBox(text, measure);
	const shape = KIND_STYLES[kind].shape;
	const grow = SHAPE_GROWTH[shape] ?? { w: 1, h: 1 };
	const h = Math.round(box.height * grow.h);
	let w = Math.round(box.width * grow.w);
	const bold = isBold(kind);
	const m = bold ? scaledMeasure(measure, LABEL_FONT_SIZE, true) : measure;
	const lines = box.label.split('\n');
	lines.forEach((line, i) => {
		const centre = (i - (lines.length - 1) / 2) * LABEL_LINE_HEIGHT;
		// The line's outer edge: half a font size beyond its centre line.
		const t = Math.min(0.95, (Math.abs(centre) + LABEL_FONT_SIZE / 2) / (h / 2));
		const need = (m(line) + 2 * SHAPE_TEXT_GAP) / Math.max(0.3, insideFraction(shape, t));
		const padded = bold ? m(line) + 2 * NODE_PAD_X + borderWidth(kind) : 0;
		w = Math.max(w, Math.ceil(need), Math.ceil(padded));
	});
	return { label: box.label, w, h };
}
