import { describe, expect, it } from 'vitest';
import {
	FIT_PADDING,
	MAX_FIT_ZOOM,
	READABLE_TOP,
	READABLE_ZOOM,
	boundsOf,
	fitViewport,
	initialViewport
} from './initial-view';

describe('boundsOf', () => {
	it('is the box around node boxes plus the border margin, or null for none', () => {
		expect(boundsOf([])).toBeNull();
		expect(
			boundsOf([
				{ x: 0, y: 0, w: 100, h: 40 },
				{ x: 300, y: 200, w: 80, h: 20 }
			])
		).toEqual({ x1: -53, y1: -23, x2: 343, y2: 213 });
		expect(boundsOf([{ x: 10, y: 10, w: 20, h: 20 }], 0)).toEqual({ x1: 0, y1: 0, x2: 20, y2: 20 });
	});
});

describe('fitViewport (cytoscape fit: padding, centred, zoom capped)', () => {
	it.each([
		// [bounds, pane w, pane h, zoom]
		[{ x1: 0, y1: 0, x2: 920, y2: 100 }, 1000, 800, 1],
		[{ x1: 0, y1: 0, x2: 100, y2: 100 }, 1000, 800, MAX_FIT_ZOOM],
		[{ x1: -500, y1: 0, x2: 500, y2: 4000 }, 1000, 800, (800 - 2 * FIT_PADDING) / 4000]
	])('%o in %i×%i → zoom %d', (b, w, h, zoom) => {
		const v = fitViewport(b, w, h);
		expect(v.zoom).toBeCloseTo(zoom, 6);
		// The centre of the bounds lands in the centre of the pane.
		expect(v.pan.x + v.zoom * ((b.x1 + b.x2) / 2)).toBeCloseTo(w / 2, 6);
		expect(v.pan.y + v.zoom * ((b.y1 + b.y2) / 2)).toBeCloseTo(h / 2, 6);
	});

	it('never goes below the minimum zoom', () => {
		expect(fitViewport({ x1: 0, y1: 0, x2: 1e6, y2: 1e6 }, 1000, 800, 0.02).zoom).toBe(0.02);
	});
});

describe('initialViewport', () => {
	it('shows a map whole when that is readable', () => {
		const b = { x1: 0, y1: 0, x2: 1200, y2: 900 };
		expect(initialViewport(b, null, 1000, 800)).toEqual(fitViewport(b, 1000, 800));
	});

	it('otherwise shows readable labels, the theses at the top centre', () => {
		const all = { x1: -2000, y1: 100, x2: 2600, y2: 2500 };
		const theses = { x1: 400, y1: 100, x2: 600, y2: 160 };
		const v = initialViewport(all, theses, 1000, 800);
		expect(v.zoom).toBe(READABLE_ZOOM);
		expect(v.pan.x + READABLE_ZOOM * 500).toBeCloseTo(500, 6);
		expect(v.pan.y + READABLE_ZOOM * all.y1).toBeCloseTo(READABLE_TOP, 6);
		// Without theses, the whole map's centre.
		const w = initialViewport(all, null, 1000, 800);
		expect(w.pan.x + READABLE_ZOOM * 300).toBeCloseTo(500, 6);
	});
});
