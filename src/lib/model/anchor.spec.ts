import { describe, expect, it } from 'vitest';
import { segmentSentences } from '$lib/text/segment';
import { anchorFromSelection, CONTEXT_CHARS, findQuote } from './anchor';

const text = 'First sentence is here. Second one follows it.\nThird is in a new paragraph.';
const sentences = segmentSentences(text);
const at = (s: string) => text.indexOf(s);

describe('anchorFromSelection', () => {
	it('anchors a selection inside one sentence, with context on both sides', () => {
		const start = at('sentence is');
		const [a, ...rest] = anchorFromSelection(text, sentences, start, start + 'sentence is'.length);
		expect(rest).toEqual([]);
		expect(a).toEqual({
			sentenceId: 's1',
			start,
			end: start + 11,
			exact: 'sentence is',
			prefix: 'First ',
			suffix: ' here. Second one follows it.\nTh'
		});
		expect(a.suffix).toHaveLength(CONTEXT_CHARS);
	});

	it('anchors a selection spanning two sentences as one anchor per sentence, each inside it', () => {
		const start = at('is here');
		const end = at('Second one') + 'Second one'.length;
		const anchors = anchorFromSelection(text, sentences, start, end);
		expect(anchors.map((a) => [a.sentenceId, a.exact])).toEqual([
			['s1', 'is here.'],
			['s2', 'Second one']
		]);
		for (const a of anchors) {
			const s = sentences.find((x) => x.id === a.sentenceId)!;
			expect(a.start).toBeGreaterThanOrEqual(s.start);
			expect(a.end).toBeLessThanOrEqual(s.end);
			expect(text.slice(a.start, a.end)).toBe(a.exact);
			expect(a.prefix).toBe(text.slice(Math.max(0, a.start - CONTEXT_CHARS), a.start));
		}
	});

	it('trims white space, accepts a backwards selection, and ignores selections of white space', () => {
		const end = at('Third') + 5;
		const anchors = anchorFromSelection(text, sentences, end, at('Third') - 3);
		expect(anchors.map((a) => a.exact)).toEqual(['t.', 'Third']);
		expect(anchorFromSelection(text, sentences, at(' Second'), at('Second'))).toEqual([]);
		expect(anchorFromSelection(text, sentences, -5, 0)).toEqual([]);
	});

	it('anchors a whole three-sentence selection to all three sentences', () => {
		const anchors = anchorFromSelection(text, sentences, 0, text.length);
		expect(anchors.map((a) => a.exact)).toEqual(sentences.map((s) => s.text));
	});
});

describe('findQuote', () => {
	const twice = 'He said no. She said no. They agreed.';
	const twiceSentences = segmentSentences(twice);

	it('finds a unique quote and anchors it', () => {
		const r = findQuote(text, sentences, 'new paragraph');
		expect(r.ok && r.anchors).toEqual(
			anchorFromSelection(text, sentences, at('new paragraph'), at('new paragraph') + 13)
		);
	});

	it('finds a quote across a line break where the quote has a space', () => {
		const r = findQuote(text, sentences, 'follows it. Third is');
		expect(r.ok && r.anchors.map((a) => a.exact)).toEqual(['follows it.', 'Third is']);
	});

	it('reports a missing quote and an ambiguous one', () => {
		expect(findQuote(text, sentences, 'not in the text')).toEqual({
			ok: false,
			reason: 'not-found',
			matches: 0
		});
		expect(findQuote(twice, twiceSentences, 'said no.')).toEqual({
			ok: false,
			reason: 'ambiguous',
			matches: 2
		});
	});

	it('lets context, then position, decide between matches', () => {
		const byPrefix = findQuote(twice, twiceSentences, 'said no.', { prefix: 'She ' });
		expect(byPrefix.ok && byPrefix.anchors[0].sentenceId).toBe('s2');
		const bySuffix = findQuote(twice, twiceSentences, 'said no.', { suffix: ' She' });
		expect(bySuffix.ok && bySuffix.anchors[0].sentenceId).toBe('s1');
		const byPosition = findQuote(twice, twiceSentences, 'said no.', { start: 20 });
		expect(byPosition.ok && byPosition.anchors[0].sentenceId).toBe('s2');
	});
});
