import { describe, expect, it } from 'vitest';
import { anchorFromSelection } from '$lib/model/anchor';
import { pointOffset, sourceRange, type PointPlace } from './text-selection';

// "One two. Three four." — sentences [0, 8) and [9, 20).
const source = 'One two. Three four.';
const s1 = { start: 0, end: 8 };
const s2 = { start: 9, end: 20 };
const sentences = [
	{ id: 's1', text: 'One two.', paragraph: 0, ...s1 },
	{ id: 's2', text: 'Three four.', paragraph: 0, ...s2 }
];
const inside = (sentence: typeof s1, offset: number): PointPlace => ({
	kind: 'in',
	sentence,
	offset
});
const between = (previous: typeof s1 | null, next: typeof s1 | null): PointPlace => ({
	kind: 'between',
	previous,
	next
});

describe('pointOffset', () => {
	it.each([
		['inside a sentence', inside(s2, 6), 'start', 15],
		['inside, past the end (clamped)', inside(s1, 50), 'end', 8],
		['between, as a start: the next sentence', between(s1, s2), 'start', 9],
		['between, as an end: the previous sentence', between(s1, s2), 'end', 8],
		['before everything, as an end', between(null, s1), 'end', null],
		['after everything, as a start', between(s2, null), 'start', null]
	] as const)('%s', (_name, p, side, want) => {
		expect(pointOffset(p, side)).toBe(want);
	});
});

describe('sourceRange', () => {
	it.each([
		['a word in one sentence', inside(s2, 6), inside(s2, 10), { start: 15, end: 19 }],
		['across two sentences', inside(s1, 4), inside(s2, 5), { start: 4, end: 14 }],
		['from the gap into a sentence', between(s1, s2), inside(s2, 5), { start: 9, end: 14 }],
		[
			'from the header over everything',
			between(null, s1),
			between(s2, null),
			{ start: 0, end: 20 }
		],
		['only the gap between sentences', between(s1, s2), between(s1, s2), null],
		['collapsed', inside(s1, 3), inside(s1, 3), null]
	] as const)('%s', (_name, a, b, want) => {
		expect(sourceRange(a, b)).toEqual(want);
	});

	it('gives anchors whose exact text is what was selected, one per sentence', () => {
		const r = sourceRange(inside(s1, 4), inside(s2, 5))!;
		const anchors = anchorFromSelection(source, sentences, r.start, r.end);
		expect(anchors.map((a) => [a.sentenceId, a.exact])).toEqual([
			['s1', 'two.'],
			['s2', 'Three']
		]);
	});
});
