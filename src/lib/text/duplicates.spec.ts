import { describe, expect, it } from 'vitest';
import { readEssaySeed } from '$tests/fixtures/text/essay';
import { describeRepeat, dropRepeats, findRepeats, MIN_REPEAT_CHARS } from './duplicates';
import { MAX_SOURCE_CHARS } from './text-limits';

/** Prose of a given length that does not repeat itself. */
const prose = (chars: number, seed = 'a') => {
	let s = '';
	for (let i = 0; s.length < chars; i++) s += `Sentence ${seed}${i} says something new. `;
	return s.slice(0, chars).trim();
};

describe('findRepeats / dropRepeats', () => {
	it('drops the seed essay’s repeated body (lines 2 and 3) and says so', () => {
		const seed = readEssaySeed();
		const [headline, body, repeat] = seed.split('\n');
		expect(repeat).toBe(body);
		const { text, repeats } = dropRepeats(seed);
		expect(text).toBe(`${headline}\n${body}`);
		expect(repeats).toHaveLength(1);
		expect(describeRepeat(repeats[0])).toBe(
			`The text contained a verbatim repeat of ${body.length.toLocaleString('en-US')} characters (line 2 repeated as line 3); the repeat was dropped.`
		);
	});

	it('drops a repeated block of several paragraphs separated by blank lines', () => {
		const block = `${prose(150, 'a')}\n\n${prose(150, 'b')}\n\n${prose(40, 'c')}`;
		const input = `Title\n\n${block}\n\n\n${block}\n\nThe end.`;
		const { text, repeats } = dropRepeats(input);
		expect(text).toBe(`Title\n\n${block}\n\nThe end.`);
		expect(describeRepeat(repeats[0])).toMatch(/\(lines 3–7 repeated as lines 10–14\)/);
	});

	it('drops a repeat that differs only by white space at line ends', () => {
		const body = prose(300);
		expect(dropRepeats(`${body}\n   ${body}  \n`).text).toBe(`${body}  \n`);
	});

	it('drops a body pasted twice on one line, separated by spaces', () => {
		const body = prose(400);
		const { text, repeats } = dropRepeats(`Head\n${body}   ${body}\nTail`);
		expect(text).toBe(`Head\n${body}\nTail`);
		expect(describeRepeat(repeats[0])).toMatch(/line 2 held the same text twice/);
	});

	it('drops every extra copy of a block pasted three times', () => {
		const body = prose(250);
		const { text, repeats } = dropRepeats(`${body}\n${body}\n${body}`);
		expect(text).toBe(body);
		expect(repeats).toHaveLength(2);
	});

	it('keeps repeats that are short, not prose, or not adjacent', () => {
		const short = prose(MIN_REPEAT_CHARS - 1);
		const refrain = Array.from({ length: 8 }, (_, i) => `Oh the refrain line ${i % 4}`).join('\n');
		const apart = prose(300);
		for (const input of [
			`${short}\n${short}`,
			refrain,
			`${'-'.repeat(80)}\n`.repeat(6),
			`${apart}\n${prose(50, 'x')}\n${apart}`
		])
			expect(findRepeats(input)).toEqual([]);
	});
});

describe('findRepeats on large input', () => {
	it('stays fast on the largest text of identical short lines', () => {
		const text = 'ab\n'.repeat(Math.floor(MAX_SOURCE_CHARS / 3));
		const t0 = performance.now();
		expect(findRepeats(text)).toEqual([]);
		expect(performance.now() - t0).toBeLessThan(2000);
	});

	it('drops every copy of one prose line pasted many times', () => {
		const line = prose(250);
		const { text } = dropRepeats(Array.from({ length: 1000 }, () => line).join('\n'));
		expect(text).toBe(line);
	});
});
