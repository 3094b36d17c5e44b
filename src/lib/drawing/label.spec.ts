import { describe, expect, it } from 'vitest';
import {
	EMPTY_LABEL,
	LABEL_MAX_LINES,
	LABEL_MAX_WIDTH,
	estimateWidth,
	labelBox,
	wrapLabel
} from './label';

const fixed = (t: string) => t.length * 10;

describe('wrapLabel', () => {
	it('wraps at word boundaries within the width', () => {
		expect(wrapLabel('aaaa bbbb cccc', fixed, 95)).toEqual(['aaaa bbbb', 'cccc']);
	});
	it('keeps explicit line breaks and splits over-long words', () => {
		expect(wrapLabel('ab\ncdefghijkl', fixed, 50)).toEqual(['ab', 'cdefg', 'hijkl']);
	});
	it('cuts long labels with an ellipsis', () => {
		const lines = wrapLabel('word '.repeat(200), estimateWidth);
		expect(lines).toHaveLength(LABEL_MAX_LINES);
		expect(lines.at(-1)!.endsWith('…')).toBe(true);
		for (const l of lines) expect(estimateWidth(l)).toBeLessThanOrEqual(LABEL_MAX_WIDTH);
	});
	it('shows a placeholder for an empty label', () => {
		expect(wrapLabel('   ')).toEqual([EMPTY_LABEL]);
	});
});

describe('labelBox', () => {
	it('grows with the number of lines', () => {
		const one = labelBox('short');
		const many = labelBox('a much longer label that needs several lines to be shown in full here');
		expect(many.height).toBeGreaterThan(one.height);
		expect(many.label.split('\n').length).toBeGreaterThan(1);
	});
});
