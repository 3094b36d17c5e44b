/**
 * Splits a source text into paragraphs (see `paragraph-ranges.ts`) and each paragraph into sentences with
 * Intl.Segmenter, whose few known mistakes are corrected by the rules in `repairs.ts` — there is no
 * other sentence splitter in the project.
 *
 * Invariants, for every sentence: `text.slice(start, end) === sentence.text`; it neither starts nor
 * ends with white space; sentences are ordered and disjoint; ids are `s1`, `s2`, … in text order;
 * `paragraph` counts paragraphs from 0.
 */
import type { Sentence } from '$lib/model/schema';
import { paragraphRanges, type Range } from './paragraph-ranges';
import { repairFor } from './repairs';

export { paragraphRanges } from './paragraph-ranges';

/**
 * A segmenter for the language tag, or for English when the tag is not one Intl accepts. ICU's
 * sentence rules are the same for every language it ships (checked for English and Swedish in
 * segment.spec.ts), so the language matters little; it is passed on all the same.
 */
function segmenterFor(lang: string): Intl.Segmenter {
	try {
		return new Intl.Segmenter(lang || 'en', { granularity: 'sentence' });
	} catch {
		return new Intl.Segmenter('en', { granularity: 'sentence' });
	}
}

/** Characters given to ICU at a time (see `icuSegments`). */
export const WINDOW_CHARS = 16_384;

/**
 * ICU's sentence segments of `text` as ranges. V8 iterates segments in time that grows with the
 * whole string's length, so one long paragraph (a 500,000-character text on one line) would take
 * seconds; instead ICU sees a window at a time. All segments of a window but the last are kept, and
 * the next window starts where that last one started, so every kept boundary had the text after it
 * in view when ICU placed it. A segment longer than the window makes the window grow.
 */
export function icuSegments(
	segmenter: Intl.Segmenter,
	text: string,
	window = WINDOW_CHARS
): Range[] {
	const out: Range[] = [];
	let start = 0;
	let size = window;
	while (start < text.length) {
		const end = Math.min(text.length, start + size);
		const segs = [...segmenter.segment(text.slice(start, end))];
		if (end < text.length && segs.length < 2) {
			size *= 2;
			continue;
		}
		const keep = end === text.length ? segs : segs.slice(0, -1);
		for (const seg of keep)
			out.push({ start: start + seg.index, end: start + seg.index + seg.segment.length });
		if (end === text.length) break;
		start += segs[segs.length - 1].index;
		size = window;
	}
	return out;
}

/** ICU's segments of one paragraph, with wrong boundaries joined, as ranges into the paragraph. */
function paragraphSentences(segmenter: Intl.Segmenter, body: string): Range[] {
	// A soft line break inside a paragraph would be a hard sentence break to ICU; a space has the
	// same length, so offsets into `flat` are offsets into `body`.
	const flat = body.replace(/[\r\n]/g, ' ');
	const out: Range[] = [];
	for (const range of icuSegments(segmenter, flat)) {
		const last = out[out.length - 1];
		const previous = last && flat.slice(last.start, last.end).trimEnd();
		if (previous && repairFor(previous, flat.slice(range.start, range.end))) last.end = range.end;
		else out.push(range);
	}
	return out;
}

export function segmentSentences(text: string, lang = 'en'): Sentence[] {
	const segmenter = segmenterFor(lang);
	const sentences: Sentence[] = [];
	paragraphRanges(text).forEach((para, paragraph) => {
		const body = text.slice(para.start, para.end);
		for (const r of paragraphSentences(segmenter, body)) {
			const raw = body.slice(r.start, r.end);
			const trimmed = raw.trim();
			if (!trimmed) continue;
			const start = para.start + r.start + (raw.length - raw.trimStart().length);
			sentences.push({
				id: `s${sentences.length + 1}`,
				text: trimmed,
				start,
				end: start + trimmed.length,
				paragraph
			});
		}
	});
	return sentences;
}
