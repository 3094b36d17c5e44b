import { describe, expect, it } from 'vitest';
import { compactLayout, type Placed } from './compact';

/** One root over `n` leaves on one row, as dagre lays out a flat tree. */
function flatTree(n: number): Placed[] {
	const nodes: Placed[] = [{ id: 'root', x: 0, y: 0, w: 200, h: 60 }];
	for (let i = 0; i < n; i++)
		nodes.push({ id: `l${i}`, x: (i - (n - 1) / 2) * 240, y: 150, w: 200, h: 60 });
	return nodes;
}

const boxes = (nodes: Placed[], pos: Map<string, { x: number; y: number }>) =>
	nodes.map((n) => ({ ...n, ...pos.get(n.id)! }));

function overlaps(a: Placed, b: Placed): boolean {
	return Math.abs(a.x - b.x) < (a.w + b.w) / 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2;
}

describe('compactLayout', () => {
	it('folds a wide rank into sub-rows closer to the wanted shape, without overlaps', () => {
		const nodes = flatTree(40);
		const placed = boxes(nodes, compactLayout(nodes, 1.5));
		const xs = placed.map((n) => n.x);
		expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan((40 * 240) / 3);
		for (let i = 0; i < placed.length; i++)
			for (let j = i + 1; j < placed.length; j++)
				expect(overlaps(placed[i], placed[j])).toBe(false);
	});

	it('keeps ranks in order and the left-to-right order within a rank', () => {
		const nodes = flatTree(12);
		const pos = compactLayout(nodes, 1);
		const root = pos.get('root')!;
		for (let i = 0; i < 12; i++) expect(pos.get(`l${i}`)!.y).toBeGreaterThan(root.y + 30);
		for (let i = 1; i < 12; i++)
			expect(pos.get(`l${i}`)!.x).toBeGreaterThan(pos.get(`l${i - 1}`)!.x);
	});

	it('leaves a layout that already fits alone', () => {
		const nodes = flatTree(2);
		const pos = compactLayout(nodes, 1.5);
		for (const n of nodes) expect(pos.get(n.id)).toEqual({ x: n.x, y: n.y });
	});
});
