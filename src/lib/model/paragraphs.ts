import type { Sentence } from './schema';

/** Sentences in reading order grouped into their paragraphs (consecutive runs of one index). */
export function groupParagraphs(sentences: readonly Sentence[]): Sentence[][] {
	const out: Sentence[][] = [];
	let last = -1;
	for (const s of sentences) {
		if (s.paragraph !== last || out.length === 0) out.push([]);
		out[out.length - 1].push(s);
		last = s.paragraph;
	}
	return out;
}
