import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseMapFileText } from '$lib/model/mapfile';
import { exportMap } from '$lib/formats/export';
import { DATA_FORMATS } from '$lib/formats/types';
import { FILE_EXT, exportFileName, slugify } from './filename';
import { MAX_PIXELS, MAX_SIDE, fitScale, pixelSize } from './image-limits';
import { PAGE_POINTS, fitToPage } from './page';

describe('fitToPage', () => {
	it('turns the page to the picture when orientation is auto', () => {
		expect(fitToPage({ width: 2000, height: 800 }).orientation).toBe('landscape');
		expect(fitToPage({ width: 800, height: 2000 }).orientation).toBe('portrait');
		expect(fitToPage({ width: 2000, height: 800 }, { orientation: 'portrait' }).orientation).toBe(
			'portrait'
		);
	});

	it('shrinks a big picture into the margins, centred, keeping its proportions', () => {
		const l = fitToPage({ width: 3000, height: 1000 }, { page: 'letter', marginPt: 36 });
		expect([l.pageW, l.pageH]).toEqual([792, 612]);
		expect(l.w).toBeCloseTo(792 - 72, 6);
		expect(l.w / l.h).toBeCloseTo(3, 6);
		expect(l.x).toBeCloseTo(36, 6);
		expect(l.y).toBeCloseTo((612 - l.h) / 2, 6);
	});

	it('never enlarges a small picture past its print size (0.75 pt per px)', () => {
		const l = fitToPage({ width: 200, height: 100 }, { page: 'a4' });
		expect([l.w, l.h]).toEqual([150, 75]);
		expect(l.pageW).toBe(PAGE_POINTS.a4.h);
	});
});

describe('fitScale', () => {
	it('keeps the asked scale when the picture fits', () => {
		expect(fitScale(1000, 800, 4)).toBe(4);
	});

	it('lowers the scale to stay within the side and area limits', () => {
		const side = fitScale(10_000, 100, 4);
		expect(pixelSize(10_000, 100, side).w).toBeLessThanOrEqual(MAX_SIDE);
		const area = fitScale(8000, 8000, 2);
		const px = pixelSize(8000, 8000, area);
		expect(px.w * px.h).toBeLessThanOrEqual(MAX_PIXELS);
		expect(area).toBeLessThan(1.1);
	});
});

describe('file names', () => {
	it('slugs the title and adds the extension', () => {
		expect(exportFileName('Why China Is Digging In', 'png')).toBe('why-china-is-digging-in.png');
		expect(exportFileName('  Beijing’s “Long Game”: Taiwan & the US?! ', 'pdf')).toBe(
			'beijings-long-game-taiwan-the-us.pdf'
		);
		expect(slugify('Élan vital — ça va')).toBe('elan-vital-ca-va');
		expect(slugify('中文标题')).toBe('map');
		expect(slugify('a'.repeat(200)).length).toBe(80);
	});
});

describe('FILE_EXT', () => {
	it('names the extension each data exporter gives its files', () => {
		const path = resolve(import.meta.dirname, '../../../maps/sample-sunday-libraries.json');
		const parsed = parseMapFileText(readFileSync(path, 'utf8'));
		if (!parsed.ok) throw new Error(parsed.error);
		for (const format of DATA_FORMATS)
			expect(FILE_EXT[format]).toBe(exportMap(parsed.value, format).ext);
	});
});
