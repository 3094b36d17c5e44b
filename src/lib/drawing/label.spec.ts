import { describe, expect, it } from 'vitest';
import { readMap } from '$lib/model/read';
import { generateDoc } from './testing/generate';
import {
	EMPTY_LABEL,
	LABEL_MAX_LINES,
	LABEL_MAX_WIDTH,
	estimateWidth,
	labelBox,
	wrapLabel,
	type Measure
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

describe('wrapLabel measures words, and whole lines only near the width', () => {
	/** The wrap as it was: every candidate line measured whole (texts without over-long words). */
	function wrapMeasuringLines(text: string, measure: Measure): string[] {
		const lines: string[] = [];
		for (const para of text.trim().split(/\n+/)) {
			let cur = '';
			for (const word of para.split(/\s+/).filter(Boolean)) {
				const next = cur ? `${cur} ${word}` : word;
				if (cur && measure(next) > LABEL_MAX_WIDTH) {
					lines.push(cur);
					cur = word;
				} else cur = next;
			}
			if (cur) lines.push(cur);
		}
		return lines;
	}
	/** Kerning-like: a space beside some letters narrows a line by a fraction of a pixel. */
	const kerned: Measure = (t) =>
		estimateWidth(t) - 0.15 * (t.match(/[AVTWYry] | [AVTWYy]/g)?.length ?? 0);
	const long =
		'Why a line that ends at the width stays whole, and the next word starts the next line of it';
	const texts = [
		...readMap(generateDoc(400, 3)).nodes.map((n) => n.text),
		long,
		'Yr Tr Vy Ay ry Wy '.repeat(8),
		'Words words words words words words words words words words words words words words words'
	];

	it('decides as measuring every line whole does, for an additive measure and a kerned one', () => {
		let wrapped = 0;
		for (const measure of [estimateWidth, kerned])
			for (const t of texts) {
				const want = wrapMeasuringLines(t, measure);
				if (want.length > 1) wrapped++;
				expect(wrapLabel(t, measure, LABEL_MAX_WIDTH, 1000)).toEqual(want);
			}
		expect(wrapped).toBeGreaterThan(10);
	});

	it('measures each word once and few whole lines', () => {
		const calls: string[] = [];
		const counting: Measure = (t) => {
			calls.push(t);
			return estimateWidth(t);
		};
		const words = long.split(' ').length;
		expect(wrapLabel(long, counting).length).toBeGreaterThan(1);
		// Each word once, the space once, and a whole line only near the width.
		const wholeLines = calls.filter((c) => c.includes(' ') && c !== ' ');
		expect(calls.length - wholeLines.length).toBe(words + 1);
		expect(wholeLines.length).toBeLessThanOrEqual(2);
	});
});
