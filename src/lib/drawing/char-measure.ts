/**
 * A text measure built from per-character advance widths measured once elsewhere (the CLI measures
 * them in headless Chromium, at the label font, for exactly the characters a map uses). Summing
 * advances ignores kerning, which only ever narrows text: boxes come out a hair wide, never short.
 */
import { EMPTY_LABEL, estimateWidth, type Measure } from './label';
import { KIND_LIST, RELATION_STYLES } from './kinds';
import type { ExportInput } from './svg-types';

export function charMeasure(widths: ReadonlyMap<string, number>): Measure {
	return (s) => {
		let w = 0;
		for (const ch of s) w += widths.get(ch) ?? estimateWidth(ch);
		return w;
	};
}

/** Every character the SVG of `input` can draw (labels, title, source line, legend, ellipsis). */
export function charactersOf(input: ExportInput, extra: readonly string[] = []): string[] {
	const set = new Set<string>();
	const add = (s: string) => {
		for (const ch of s) set.add(ch);
	};
	for (const n of input.nodes) add(n.text);
	add(input.meta?.title ?? '');
	add(`${EMPTY_LABEL}…(nothing to export)Co-premises`);
	for (const k of KIND_LIST) add(k.label);
	for (const r of Object.values(RELATION_STYLES)) add(r.label);
	for (const s of extra) add(s);
	return [...set];
}
