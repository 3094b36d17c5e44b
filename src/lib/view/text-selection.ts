/**
 * From a DOM selection in the source pane back to offsets in `meta.source.text`. Each sentence is
 * rendered as one element with `data-start` / `data-end` (its offsets in the source) holding exactly
 * the sentence's text, so a point inside it maps to `start + characters before the point`. Points
 * between sentences (the spaces between them, a paragraph's edge, the pane's header) snap inwards:
 * a selection's start to the next sentence's start, its end to the previous sentence's end.
 */

export interface SentenceSpan {
	start: number;
	end: number;
}

/** Where one boundary point of a selection lies, relative to the sentences. */
export type PointPlace =
	| { kind: 'in'; sentence: SentenceSpan; offset: number }
	| { kind: 'between'; previous: SentenceSpan | null; next: SentenceSpan | null };

/** The source offset of a point, as the start or the end of a selection; null if there is none. */
export function pointOffset(p: PointPlace, side: 'start' | 'end'): number | null {
	if (p.kind === 'in')
		return Math.max(p.sentence.start, Math.min(p.sentence.end, p.sentence.start + p.offset));
	const s = side === 'start' ? p.next : p.previous;
	if (!s) return null;
	return side === 'start' ? s.start : s.end;
}

/** The source range between two points (in document order); null when it holds no text. */
export function sourceRange(start: PointPlace, end: PointPlace): SentenceSpan | null {
	const a = pointOffset(start, 'start');
	const b = pointOffset(end, 'end');
	if (a === null || b === null || b <= a) return null;
	return { start: a, end: b };
}

// --- DOM ---------------------------------------------------------------------------------------

const SENTENCE = '[data-start][data-end]';

function spanOf(el: Element): SentenceSpan {
	return { start: Number(el.getAttribute('data-start')), end: Number(el.getAttribute('data-end')) };
}

/** Where the DOM point (node, offset) lies among the sentence elements under `root`. */
export function placeOf(root: Element, node: Node, offset: number): PointPlace {
	const host = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
	const el = host?.closest(SENTENCE);
	const doc = root.ownerDocument;
	if (el && root.contains(el)) {
		const r = doc.createRange();
		r.setStart(el, 0);
		r.setEnd(node, offset);
		return { kind: 'in', sentence: spanOf(el), offset: r.toString().length };
	}
	const point = doc.createRange();
	point.setStart(node, offset);
	let previous: SentenceSpan | null = null;
	for (const s of root.querySelectorAll(SENTENCE)) {
		// 1: the sentence starts after the point.
		if (point.comparePoint(s, 0) === 1) return { kind: 'between', previous, next: spanOf(s) };
		previous = spanOf(s);
	}
	return { kind: 'between', previous, next: null };
}

/** The source range a DOM range covers inside `root`, or null. */
export function rangeInSource(root: Element, range: Range): SentenceSpan | null {
	if (range.collapsed || !range.intersectsNode(root)) return null;
	return sourceRange(
		placeOf(root, range.startContainer, range.startOffset),
		placeOf(root, range.endContainer, range.endOffset)
	);
}
