/**
 * Text sizes for the SVG. Labels are wrapped with the editor's `wrapLabel`, measured at the
 * editor's label font; other text (title, legend) is measured with the same function, scaled.
 */
import { LABEL_FONT, LABEL_FONT_SIZE, type Measure } from './label';

/** The editor's label font stack (`LABEL_FONT` without its size), so both draw the same font. */
export const FONT_FAMILY = LABEL_FONT.replace(/^\s*[\d.]+px\s+/, '');

/** Bold glyphs run about this much wider than regular ones in common sans-serif faces. */
const BOLD_FACTOR = 1.08;

/** `measure` (at the label size) scaled to `size` pixels, optionally bold. */
export function scaledMeasure(measure: Measure, size: number, bold = false): Measure {
	const k = (size / LABEL_FONT_SIZE) * (bold ? BOLD_FACTOR : 1);
	return (s) => measure(s) * k;
}

/**
 * Baseline of line `i` of `count` lines of `lineHeight`, centred on y = 0. Baselines are computed
 * rather than left to `dominant-baseline`, which PDF converters and some editors ignore: the
 * baseline sits about 0.35 em below the middle of its line box.
 */
export function baseline(i: number, count: number, lineHeight: number, fontSize: number): number {
	return (i - (count - 1) / 2) * lineHeight + fontSize * 0.35;
}
