/**
 * Anchors for imported nodes. Imports know at best a character range of the source (carried by our
 * own exports) or only the node's words, so they anchor a range — or the words' first verbatim
 * occurrence — as one anchor per sentence it touches. Invariants of every anchor made here (the same
 * as the editor's): `text.slice(start, end) === exact`; `exact` has no white space at either end; the
 * anchor lies inside the sentence named by `sentenceId`.
 */
import type { Anchor, Sentence } from '$lib/model/schema';

/** Characters of context kept on each side of a quote, as in the W3C TextQuoteSelector examples. */
export const CONTEXT_CHARS = 32;

export interface Range {
	start: number;
	end: number;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** The anchors of [start, end): one per sentence the range touches; [] if it covers no words. */
/** Sentences must be in text order and disjoint, as `segmentSentences` makes them. */
export function anchorsForRange(
	text: string,
	sentences: readonly Sentence[],
	range: Range
): Anchor[] {
	const anchors: Anchor[] = [];
	// Sentences are ordered and disjoint: find the first that ends after the range starts.
	let lo = 0;
	for (let hi = sentences.length; lo < hi;) {
		const mid = (lo + hi) >> 1;
		if (sentences[mid].end <= range.start) lo = mid + 1;
		else hi = mid;
	}
	for (let i = lo; i < sentences.length && sentences[i].start < range.end; i++) {
		const s = sentences[i];
		if (s.end <= range.start) continue;
		let a = Math.max(range.start, s.start);
		let b = Math.min(range.end, s.end);
		while (a < b && isSpace(text[a])) a++;
		while (b > a && isSpace(text[b - 1])) b--;
		if (b <= a) continue;
		anchors.push({
			sentenceId: s.id,
			start: a,
			end: b,
			exact: text.slice(a, b),
			prefix: text.slice(Math.max(0, a - CONTEXT_CHARS), a),
			suffix: text.slice(b, b + CONTEXT_CHARS)
		});
	}
	return anchors;
}

/** The first verbatim occurrence of `words` (trimmed) in the text, or null. */
export function findVerbatim(text: string, words: string): Range | null {
	const needle = words.trim();
	if (!needle) return null;
	const at = text.indexOf(needle);
	return at === -1 ? null : { start: at, end: at + needle.length };
}

/** True when the range lies inside the text and is not empty. */
export const isRangeIn = (text: string, r: Range): boolean =>
	Number.isInteger(r.start) &&
	Number.isInteger(r.end) &&
	r.start >= 0 &&
	r.end <= text.length &&
	r.start < r.end;
