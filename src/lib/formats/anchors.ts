/**
 * Anchors for imported nodes. Imports know at best a character range of the source (carried by our
 * own exports) or only the node's words, so they anchor a range — or the words' first verbatim
 * occurrence — the way the editor anchors a selection (`anchorFromSelection`: one anchor per sentence
 * the range touches, each inside its sentence, `text.slice(start, end) === exact`).
 */
import { anchorFromSelection } from '$lib/model/anchor';
import type { Anchor, Sentence } from '$lib/model/schema';

export interface Range {
	start: number;
	end: number;
}

export const anchorsForRange = (
	text: string,
	sentences: readonly Sentence[],
	range: Range
): Anchor[] => anchorFromSelection(text, sentences, range.start, range.end);

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
