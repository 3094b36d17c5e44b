import { describe, expect, it } from 'vitest';
import { clearingPan, type Rect } from './keep-clear';

const legend: Rect = { x1: 10, y1: 600, x2: 250, y2: 790 };
const inspector: Rect = { x1: 650, y1: 10, x2: 890, y2: 300 };

describe('clearingPan', () => {
	it('leaves a node alone when nothing covers it', () => {
		expect(clearingPan({ x1: 300, y1: 300, x2: 400, y2: 350 }, [legend, inspector], 900, 800)).toBe(
			null
		);
	});

	it('moves a node from under the inspector by the shortest way, clear of both panels', () => {
		const node = { x1: 700, y1: 100, x2: 800, y2: 150 };
		const pan = clearingPan(node, [legend, inspector], 900, 800)!;
		expect(pan).not.toBeNull();
		const moved = { x1: 700 + pan.dx, y1: 100 + pan.dy, x2: 800 + pan.dx, y2: 150 + pan.dy };
		for (const p of [legend, inspector])
			expect(moved.x2 <= p.x1 || moved.x1 >= p.x2 || moved.y2 <= p.y1 || moved.y1 >= p.y2).toBe(
				true
			);
		// Left beside it is 158 px away; below it 208: left wins.
		expect(pan).toEqual({ dx: 650 - 8 - 800, dy: 0 });
	});

	it('clears a node under the legend and keeps it inside the pane', () => {
		const node = { x1: 20, y1: 700, x2: 200, y2: 780 };
		const pan = clearingPan(node, [legend, inspector], 900, 800)!;
		const moved = { x1: 20 + pan.dx, y1: 700 + pan.dy, x2: 200 + pan.dx, y2: 780 + pan.dy };
		expect(moved.x1).toBeGreaterThanOrEqual(8);
		expect(moved.y2).toBeLessThanOrEqual(792);
		expect(moved.y2 <= legend.y1 || moved.x1 >= legend.x2).toBe(true);
	});

	it('gives up when the node cannot fit beside the panels', () => {
		const huge = { x1: 0, y1: 0, x2: 900, y2: 800 };
		expect(clearingPan(huge, [legend], 900, 800)).toBe(null);
	});
});
