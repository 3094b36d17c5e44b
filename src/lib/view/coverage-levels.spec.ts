import { describe, expect, it } from 'vitest';
import { COVERAGE_KEY, coverageLevel, coverageLevels } from './coverage-levels';

describe('coverageLevel', () => {
	it.each([
		[0, 0],
		[1, 1],
		[2, 2],
		[3, 3],
		[4, 3],
		[99, 3],
		[-1, 0],
		[Number.NaN, 0]
	])('%d nodes → level %d', (count, level) => expect(coverageLevel(count)).toBe(level));

	it('has one key entry per level, in order', () => {
		expect(COVERAGE_KEY.map((k) => k.level)).toEqual([0, 1, 2, 3]);
	});
});

describe('coverageLevels', () => {
	const sentence = (id: string) => ({ id, text: id, start: 0, end: 1, paragraph: 0 });
	it('counts each node once per sentence and caps at three or more', () => {
		const at = (...ids: string[]) => ({ anchors: ids.map((sentenceId) => ({ sentenceId })) });
		const levels = coverageLevels(
			[sentence('a'), sentence('b'), sentence('c'), sentence('d')],
			[at('b', 'b', 'c'), at('c', 'd'), at('d'), at('d'), at('unknown')]
		);
		expect([...levels]).toEqual([
			['a', 0],
			['b', 1],
			['c', 2],
			['d', 3]
		]);
	});
});
