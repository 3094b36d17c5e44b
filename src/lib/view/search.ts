/**
 * Finding nodes and sentences by their words: case- and accent-insensitive ("sakerhet" finds
 * "säkerhet", "XI" finds "Xi"), every word of the query must occur (in any order). Pure.
 */

/** Lower case without diacritics; one character out for one character in where possible. */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLocaleLowerCase('en')
		.replace(/[’‘]/g, "'")
		.replace(/[“”]/g, '"');
}

export interface SearchHit {
	id: string;
	text: string;
	/** Where the first query word occurs in `text` (for a highlighted excerpt), or -1. */
	at: number;
}

export interface SearchResults {
	nodes: SearchHit[];
	sentences: SearchHit[];
	/** Hits beyond the limit, left out of the lists. */
	more: number;
}

export const SEARCH_LIMIT = 20;

/** The query's words, folded; empty for a query of only spaces. */
export function queryWords(query: string): string[] {
	return fold(query).split(/\s+/).filter(Boolean);
}

/** Where the first word occurs in the original text: folding can change lengths, so map back. */
function position(text: string, folded: string, word: string): number {
	const i = folded.indexOf(word);
	if (i < 0) return -1;
	// Count original characters until their folded form reaches `i`.
	let acc = 0;
	for (let k = 0; k < text.length; k++) {
		if (acc >= i) return k;
		acc += fold(text[k]).length;
	}
	return -1;
}

function matchAll<T extends { id: string; text: string }>(
	items: readonly T[],
	words: string[],
	limit: number
): { hits: SearchHit[]; total: number } {
	const hits: SearchHit[] = [];
	let total = 0;
	for (const it of items) {
		const f = fold(it.text);
		if (!words.every((w) => f.includes(w))) continue;
		total++;
		if (hits.length < limit)
			hits.push({ id: it.id, text: it.text, at: position(it.text, f, words[0]) });
	}
	return { hits, total };
}

export function search(
	query: string,
	nodes: readonly { id: string; text: string }[],
	sentences: readonly { id: string; text: string }[],
	limit = SEARCH_LIMIT
): SearchResults {
	const words = queryWords(query);
	if (words.length === 0) return { nodes: [], sentences: [], more: 0 };
	const n = matchAll(nodes, words, limit);
	const s = matchAll(sentences, words, limit);
	return {
		nodes: n.hits,
		sentences: s.hits,
		more: n.total - n.hits.length + s.total - s.hits.length
	};
}

/**
 * A short piece of `text` around `at`, for a result line. It starts and ends between words, so a
 * number or word is never cut ("1,250" never shows as "250"); it may be a little shorter than `width`,
 * or longer when one word alone is wider.
 */
export function excerpt(text: string, at: number, width = 90): string {
	if (text.length <= width) return text;
	let start = Math.max(0, Math.min(at - Math.floor(width / 3), text.length - width));
	let end = Math.min(text.length, start + width);
	// Move the start forward to the next word (never past `at`), else back to this word's start.
	if (start > 0 && !/\s/.test(text[start - 1])) {
		const next = text.slice(start).search(/\s/);
		if (next >= 0 && start + next < at) start += next + 1;
		else while (start > 0 && !/\s/.test(text[start - 1])) start--;
	}
	// Move the end back to the end of the last whole word, unless that word is the only one.
	if (end < text.length && !/\s/.test(text[end])) {
		const cut = text.slice(start, end).search(/\s\S*$/);
		if (cut > 0) end = start + cut;
		else while (end < text.length && !/\s/.test(text[end])) end++;
	}
	return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
