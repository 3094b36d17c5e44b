import { describe, expect, it } from 'vitest';
import {
	FULL_LABEL_ZOOM,
	LAST_SHORT_BAND,
	LOD_STEP,
	MIN_LABEL_PX,
	NO_LABEL_ZOOM,
	MOTION_PICTURE_MIN_ELEMENTS,
	labelLevel,
	motionDetail,
	shortLabel
} from './level-of-detail';
import { LABEL_FONT_SIZE, estimateWidth } from './label';

describe('labelLevel', () => {
	it('never draws a label below 11 px on screen, from zoom 3 down to 0.05', () => {
		for (let zoom = 3; zoom > 0.05; zoom /= 1.03) {
			const level = labelLevel(zoom);
			if (level.kind === 'none') {
				expect(zoom).toBeLessThan(NO_LABEL_ZOOM * LOD_STEP);
				continue;
			}
			expect(level.fontSize * zoom).toBeGreaterThanOrEqual(MIN_LABEL_PX - 1e-9);
			// …and never much larger than needed: within one zoom step of 11 px (full labels: 13 px).
			if (level.kind === 'short')
				expect(level.fontSize * zoom).toBeLessThan(MIN_LABEL_PX * LOD_STEP + 1e-9);
		}
	});

	it('draws full labels from 11/13 up, short ones in bands below, none under the floor', () => {
		expect(labelLevel(1)).toEqual({ kind: 'full', band: 0, fontSize: LABEL_FONT_SIZE });
		expect(labelLevel(FULL_LABEL_ZOOM).kind).toBe('full');
		expect(labelLevel(FULL_LABEL_ZOOM * 0.99)).toMatchObject({ kind: 'short', band: 1 });
		expect(labelLevel(0.19).kind).toBe('short');
		expect(labelLevel(0.06).kind).toBe('none');
		expect(labelLevel(0).kind).toBe('none');
		expect(labelLevel(Number.NaN).kind).toBe('none');
		// One font size per band: zooming within a band changes nothing.
		expect(labelLevel(0.5).fontSize).toBe(labelLevel(0.45).fontSize);
		expect(LAST_SHORT_BAND).toBeGreaterThan(5);
	});
});

describe('shortLabel', () => {
	const text =
		'Xi’s paradox: defending the regime at home demands assertion abroad, which breeds insecurity';

	it('keeps the first words that fit the box, cut with an ellipsis', () => {
		const s = shortLabel(text, 200, 120, 40, estimateWidth);
		const lines = s.split('\n');
		// 120 px high less 2 × 6 padding, at 40 px × 1.2 a line: two lines.
		expect(lines.length).toBe(2);
		expect(text.startsWith(lines[0])).toBe(true);
		expect(lines[1].endsWith('…')).toBe(true);
		const width = (l: string) => (estimateWidth(l) * 40) / LABEL_FONT_SIZE;
		for (const l of lines) expect(width(l)).toBeLessThanOrEqual(200 - 12);
	});

	it('gives at least one line, and the whole label when it fits', () => {
		expect(shortLabel(text, 80, 20, 60).split('\n')).toHaveLength(1);
		expect(shortLabel('Short claim', 200, 100, 20)).toBe('Short claim');
		expect(shortLabel('', 200, 100, 20)).toBe('(no text)');
	});
});

describe('motionDetail', () => {
	it.each([
		[0, false],
		[300, false],
		[MOTION_PICTURE_MIN_ELEMENTS - 1, false],
		[MOTION_PICTURE_MIN_ELEMENTS, true],
		[10_000, true]
	])('%i elements drawn: the view moves as a picture: %s', (drawn, picture) =>
		expect(motionDetail(drawn)).toEqual({ picture })
	);
});
