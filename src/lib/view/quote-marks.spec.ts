import { describe, expect, it } from 'vitest';
import { mergeSpans, quoteSegments } from './quote-marks';

// "The quick brown fox." starting at offset 100 of the source.
const sentence = { start: 100, end: 120, text: 'The quick brown fox.' };
const q = (text: string) => ({ text, quoted: true });
const p = (text: string) => ({ text, quoted: false });

describe('quoteSegments', () => {
	it.each([
		['no anchors', [], [p('The quick brown fox.')]],
		['a word inside', [{ start: 104, end: 109 }], [p('The '), q('quick'), p(' brown fox.')]],
		['the whole sentence', [{ start: 100, end: 120 }], [q('The quick brown fox.')]],
		[
			'an anchor reaching into the next sentence is cut at the end',
			[{ start: 116, end: 180 }],
			[p('The quick brown '), q('fox.')]
		],
		[
			'an anchor from the previous sentence is cut at the start',
			[{ start: 40, end: 103 }],
			[q('The'), p(' quick brown fox.')]
		],
		[
			'overlapping anchors of two nodes merge',
			[
				{ start: 104, end: 112 },
				{ start: 110, end: 115 }
			],
			[p('The '), q('quick brown'), p(' fox.')]
		],
		[
			'separate anchors stay separate, in order',
			[
				{ start: 116, end: 119 },
				{ start: 100, end: 103 }
			],
			[q('The'), p(' quick brown '), q('fox'), p('.')]
		],
		['an anchor elsewhere in the source', [{ start: 0, end: 50 }], [p('The quick brown fox.')]]
	])('%s', (_name, spans, want) => {
		const got = quoteSegments(sentence, spans);
		expect(got).toEqual(want);
		// The runs always give the sentence back: selections keep mapping to source offsets.
		expect(got.map((s) => s.text).join('')).toBe(sentence.text);
	});
});

describe('mergeSpans', () => {
	it('merges touching spans and drops empty ones', () => {
		expect(
			mergeSpans(
				[
					{ start: 5, end: 8 },
					{ start: 8, end: 9 },
					{ start: 12, end: 12 }
				],
				{ start: 0, end: 20 }
			)
		).toEqual([{ start: 5, end: 9 }]);
	});
});
