/**
 * Splits a source text into paragraphs and sentences with offsets into the text, using
 * Intl.Segmenter. Invariant: for every sentence, `text.slice(start, end) === sentence.text`, and no
 * sentence starts or ends with white space.
 */
import type { Sentence } from '$lib/model/schema';

/** Paragraphs are separated by one or more line breaks (a blank line or a single newline). */
export function paragraphRanges(text: string): Array<{ start: number; end: number }> {
	const out: Array<{ start: number; end: number }> = [];
	const re = /[^\r\n]+/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const lead = m[0].length - m[0].trimStart().length;
		const body = m[0].trim();
		if (body) out.push({ start: m.index + lead, end: m.index + lead + body.length });
	}
	return out;
}

export function segmentSentences(text: string, lang = 'en'): Sentence[] {
	const segmenter = new Intl.Segmenter(lang || 'en', { granularity: 'sentence' });
	const sentences: Sentence[] = [];
	paragraphRanges(text).forEach((para, paragraph) => {
		const body = text.slice(para.start, para.end);
		for (const seg of segmenter.segment(body)) {
			const lead = seg.segment.length - seg.segment.trimStart().length;
			const trimmed = seg.segment.trim();
			if (!trimmed) continue;
			const start = para.start + seg.index + lead;
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
