import { describe, expect, it } from 'vitest';
import { HANDOUT_PT_PER_PX, MIN_HANDOUT_PT, neighbour, planHandout, rowName } from './handout';

describe('planHandout', () => {
	it('prints the smallest SVG text (12 px) at 8 pt or more', () => {
		expect(12 * HANDOUT_PT_PER_PX).toBeGreaterThanOrEqual(MIN_HANDOUT_PT);
	});

	it('keeps a small map on one page, with no overview', () => {
		const plan = planHandout({ width: 600, height: 400 });
		expect(plan.tiles).toHaveLength(1);
		expect(plan.overview).toBeNull();
		expect(plan.tiles[0]).toMatchObject({ name: 'A1', page: 1, x: 0, y: 0 });
	});

	it.each([
		[5215, 2771, 'a4', 'auto'],
		[5215, 2771, 'letter', 'landscape'],
		[900, 9000, 'a4', 'portrait'],
		[20000, 300, 'a4', 'auto']
	] as const)(
		'covers a %i x %i picture with overlapping parts (%s, %s)',
		(width, height, page, orientation) => {
			const plan = planHandout({ width, height }, { page, orientation });
			expect(plan.tiles).toHaveLength(plan.rows * plan.cols);
			// Page 1 is the overview; parts follow in reading order.
			expect(plan.tiles.map((t) => t.page)).toEqual(plan.tiles.map((_, i) => i + 2));
			for (const t of plan.tiles) {
				expect(t.x).toBeGreaterThanOrEqual(0);
				expect(t.y).toBeGreaterThanOrEqual(0);
				const right = neighbour(plan, t, 0, 1);
				if (right) expect(right.x).toBeLessThanOrEqual(t.x + t.w - plan.overlapPx + 1e-6);
				const below = neighbour(plan, t, 1, 0);
				if (below) expect(below.y).toBeLessThanOrEqual(t.y + t.h - plan.overlapPx + 1e-6);
			}
			const last = plan.tiles[plan.tiles.length - 1];
			expect(last.x + last.w).toBeGreaterThanOrEqual(width - 1e-6);
			expect(last.y + last.h).toBeGreaterThanOrEqual(height - 1e-6);
			// A part's picture area fits its page at the handout scale.
			expect(plan.area.w).toBeCloseTo(plan.tiles[0].w * plan.k, 6);
			expect(plan.area.x + plan.area.w).toBeLessThanOrEqual(plan.pageW);
			expect(plan.area.y + plan.area.h).toBeLessThanOrEqual(plan.pageH);
			if (orientation !== 'auto') expect(plan.orientation).toBe(orientation);
		}
	);

	it('turns the page (auto) to need fewer pages', () => {
		const tall = planHandout({ width: 700, height: 9000 });
		const forced = planHandout({ width: 700, height: 9000 }, { orientation: 'landscape' });
		expect(tall.orientation).toBe('portrait');
		expect(tall.tiles.length).toBeLessThan(forced.tiles.length);
	});

	it('names rows A..Z, then AA', () => {
		expect([rowName(0), rowName(25), rowName(26), rowName(27)]).toEqual(['A', 'Z', 'AA', 'AB']);
	});
});
