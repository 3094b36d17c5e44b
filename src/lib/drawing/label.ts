/**
 * Wraps node labels into lines ourselves (rather than leaving it to cytoscape) so that a node's size
 * is known before it is drawn: the box is sized to the lines, and long labels are cut with an
 * ellipsis instead of growing a node over its neighbours.
 */

/** Width of `text` in pixels at the label font. */
export type Measure = (text: string) => number;

export const LABEL_FONT_SIZE = 13;
export const LABEL_FONT = `${LABEL_FONT_SIZE}px system-ui, -apple-system, Roboto, Helvetica, Arial, sans-serif`;
export const LABEL_LINE_HEIGHT = 17;
export const LABEL_MAX_WIDTH = 190;
export const LABEL_MAX_LINES = 7;
/** Padding between label and node border, per side. */
export const NODE_PAD_X = 14;
export const NODE_PAD_Y = 10;
export const NODE_MIN_WIDTH = 80;
export const EMPTY_LABEL = '(no text)';

/** A rough width model for tests and for environments without canvas: average glyph widths. */
export const estimateWidth: Measure = (text) => {
	let w = 0;
	for (const ch of text) {
		if (ch === ' ') w += 3.6;
		else if ('iljtf.,;:!|\'"()'.includes(ch)) w += 4;
		else if ('mwMW@'.includes(ch)) w += 11;
		else if (ch >= 'A' && ch <= 'Z') w += 8.6;
		else w += 7;
	}
	return w;
};

/** Splits a word wider than `max` into pieces that fit. */
function breakWord(word: string, max: number, measure: Measure): string[] {
	const pieces: string[] = [];
	let cur = '';
	for (const ch of word) {
		if (cur && measure(cur + ch) > max) {
			pieces.push(cur);
			cur = ch;
		} else cur += ch;
	}
	if (cur) pieces.push(cur);
	return pieces;
}

/**
 * How near the wrap width a line's estimated width must come to be measured whole (px). The
 * estimate is its words' widths plus its spaces' (each word measured once, and a measure such as
 * the canvas's caches it): the two differ only by kerning across a space, a fraction of a pixel at
 * the label font (`estimateWidth` adds exactly), so every decision is the one measuring each
 * candidate line whole would take, at a fraction of the measuring: that was most of the label work
 * when a large map opens (several measurements of ever longer strings per word, for 2,000 labels).
 */
export const WRAP_SLACK = 2;

/**
 * Greedy word wrap. Explicit newlines are kept. When more than `maxLines` lines result, the last
 * kept line ends with an ellipsis. Never returns an empty list.
 */
export function wrapLabel(
	text: string,
	measure: Measure = estimateWidth,
	maxWidth = LABEL_MAX_WIDTH,
	maxLines = LABEL_MAX_LINES
): string[] {
	const lines: string[] = [];
	const space = measure(' ');
	for (const para of text.trim().split(/\n+/)) {
		let cur = '';
		/** `cur`'s width: measured, or estimated as its words and spaces (see WRAP_SLACK). */
		let curWidth = 0;
		for (const word of para.split(/\s+/).filter(Boolean)) {
			const wordWidth = measure(word);
			const pieces = wordWidth > maxWidth ? breakWord(word, maxWidth, measure) : [word];
			for (const piece of pieces) {
				const pieceWidth = pieces.length === 1 ? wordWidth : measure(piece);
				if (!cur) {
					cur = piece;
					curWidth = pieceWidth;
					continue;
				}
				const next = `${cur} ${piece}`;
				let nextWidth = curWidth + space + pieceWidth;
				if (Math.abs(nextWidth - maxWidth) <= WRAP_SLACK) nextWidth = measure(next);
				if (nextWidth > maxWidth) {
					lines.push(cur);
					cur = piece;
					curWidth = pieceWidth;
				} else {
					cur = next;
					curWidth = nextWidth;
				}
			}
		}
		if (cur) lines.push(cur);
	}
	if (lines.length === 0) return [EMPTY_LABEL];
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	let last = kept[maxLines - 1];
	while (last && measure(`${last}…`) > maxWidth) last = last.slice(0, -1).trimEnd();
	kept[maxLines - 1] = `${last}…`;
	return kept;
}

export interface LabelBox {
	label: string;
	width: number;
	height: number;
}

/** The label as cytoscape shows it (lines joined by newlines) and the node box that holds it. */
export function labelBox(text: string, measure: Measure = estimateWidth): LabelBox {
	const lines = wrapLabel(text, measure);
	const widest = Math.max(...lines.map((l) => measure(l)));
	return {
		label: lines.join('\n'),
		width: Math.max(NODE_MIN_WIDTH, Math.ceil(widest) + 2 * NODE_PAD_X),
		height: lines.length * LABEL_LINE_HEIGHT + 2 * NODE_PAD_Y
	};
}
