/**
 * Anchors tie a node to the words of the source it comes from: a W3C TextPositionSelector (start,
 * end) plus a TextQuoteSelector (exact, prefix, suffix), so a quote can be found again by its words
 * if offsets ever stop fitting.
 *
 * A selection is anchored as ONE ANCHOR PER SENTENCE IT TOUCHES, each anchor lying inside its
 * sentence: the contract's Anchor has one sentenceId, the sentence list shows a node beside every
 * sentence it draws on, and coverage counts each of them. Invariants of every anchor made here:
 * `sourceText.slice(start, end) === exact`; `exact` neither starts nor ends with white space;
 * `sentence.start <= start < end <= sentence.end` for the sentence named by `sentenceId`.
 */
import type { Anchor, Sentence } from './schema';

/** Characters of context kept on each side of a quote (as in the W3C TextQuoteSelector examples). */
export const CONTEXT_CHARS = 32;

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** Anchors for the selection [start, end) of the source text; [] if it holds no sentence's words. */
export function anchorFromSelection(
	sourceText: string,
	sentences: readonly Sentence[],
	start: number,
	end: number
): Anchor[] {
	const from = Math.max(0, Math.min(start, end));
	const to = Math.min(sourceText.length, Math.max(start, end));
	const anchors: Anchor[] = [];
	for (const s of sentences) {
		if (s.end <= from || s.start >= to) continue;
		let a = Math.max(from, s.start);
		let b = Math.min(to, s.end);
		while (a < b && isSpace(sourceText[a])) a++;
		while (b > a && isSpace(sourceText[b - 1])) b--;
		if (b <= a) continue;
		anchors.push({
			sentenceId: s.id,
			start: a,
			end: b,
			exact: sourceText.slice(a, b),
			prefix: sourceText.slice(Math.max(0, a - CONTEXT_CHARS), a),
			suffix: sourceText.slice(b, b + CONTEXT_CHARS)
		});
	}
	return anchors;
}

export interface QuoteHint {
	/** Where the quote was last seen; the nearest match wins a tie. */
	start?: number;
	/** Text just before and after the quote (an anchor's prefix and suffix). */
	prefix?: string;
	suffix?: string;
}

export type QuoteResult =
	| { ok: true; start: number; end: number; anchors: Anchor[] }
	| { ok: false; reason: 'not-found' | 'ambiguous'; matches: number };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every place the quote occurs: exactly, or else with any run of white space matching any other. */
function matches(sourceText: string, exact: string): Array<{ start: number; end: number }> {
	const out: Array<{ start: number; end: number }> = [];
	for (let i = sourceText.indexOf(exact); i !== -1; i = sourceText.indexOf(exact, i + 1))
		out.push({ start: i, end: i + exact.length });
	if (out.length > 0) return out;
	const words = exact.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return out;
	const re = new RegExp(words.map(escape).join('\\s+'), 'g');
	for (let m = re.exec(sourceText); m; m = re.exec(sourceText)) {
		out.push({ start: m.index, end: m.index + m[0].length });
		re.lastIndex = m.index + 1;
	}
	return out;
}

/** How many characters of context agree: the prefix read backwards, the suffix forwards. */
function contextScore(
	sourceText: string,
	m: { start: number; end: number },
	hint: QuoteHint
): number {
	let score = 0;
	const prefix = hint.prefix ?? '';
	while (
		score < prefix.length &&
		sourceText[m.start - 1 - score] === prefix[prefix.length - 1 - score]
	)
		score++;
	const suffix = hint.suffix ?? '';
	let s = 0;
	while (s < suffix.length && sourceText[m.end + s] === suffix[s]) s++;
	return score + s;
}

/**
 * Finds a quote in the source again and anchors it. With several matches, the hint's context decides,
 * then its position; a tie that neither breaks is reported as ambiguous rather than guessed.
 */
export function findQuote(
	sourceText: string,
	sentences: readonly Sentence[],
	exact: string,
	hint: QuoteHint = {}
): QuoteResult {
	if (!exact.trim()) return { ok: false, reason: 'not-found', matches: 0 };
	const found = matches(sourceText, exact);
	if (found.length === 0) return { ok: false, reason: 'not-found', matches: 0 };
	const ranked = found
		.map((m) => ({
			...m,
			score: contextScore(sourceText, m, hint),
			distance: hint.start === undefined ? 0 : Math.abs(m.start - hint.start)
		}))
		.sort((a, b) => b.score - a.score || a.distance - b.distance);
	const [best, second] = ranked;
	if (second && second.score === best.score && second.distance === best.distance)
		return { ok: false, reason: 'ambiguous', matches: found.length };
	const anchors = anchorFromSelection(sourceText, sentences, best.start, best.end);
	if (anchors.length === 0) return { ok: false, reason: 'not-found', matches: found.length };
	return { ok: true, start: best.start, end: best.end, anchors };
}
