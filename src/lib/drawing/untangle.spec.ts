import { describe, expect, it } from 'vitest';
import { countCrossings } from './crossings';
import { layoutMap } from './layout-map';
import { generateMap } from './testing/generate';
import { untangleRows } from './untangle';
import { nodeBox } from './node-box';
import { edge } from './testing/records';

describe('untangleRows', () => {
	it('swaps two neighbours whose edges cross, within the span they covered', () => {
		// Row 1: a, b; row 2: c (under a), d (under b); a–d and b–c cross.
		const pos = new Map([
			['a', { x: 0, y: 0 }],
			['b', { x: 200, y: 0 }],
			['c', { x: 0, y: 100 }],
			['d', { x: 220, y: 100 }]
		]);
		const boxes = [
			{ id: 'a', w: 100, h: 40 },
			{ id: 'b', w: 120, h: 40 },
			{ id: 'c', w: 100, h: 40 },
			{ id: 'd', w: 140, h: 40 }
		];
		const edges = [edge('1', 'a', 'd'), edge('2', 'b', 'c')];
		expect(countCrossings(pos, edges)).toBe(1);
		const out = untangleRows(pos, boxes, edges);
		expect(countCrossings(out, edges)).toBe(0);
		// Rows keep their y; the swapped pair covers the same span as before.
		for (const [id, p] of out) expect(p.y).toBe(pos.get(id)!.y);
		const span = (ids: string[]) => {
			const b = ids.map((id) => {
				const w = boxes.find((x) => x.id === id)!.w;
				return [out.get(id)!.x - w / 2, out.get(id)!.x + w / 2];
			});
			return [Math.min(...b.map((x) => x[0])), Math.max(...b.map((x) => x[1]))];
		};
		expect(span(['a', 'b'])).toEqual([-50, 260]);
		expect(span(['c', 'd'])).toEqual([-50, 290]);
		expect(pos.get('a')).toEqual({ x: 0, y: 0 });
	});

	it('never adds crossings and never makes boxes in a row overlap (generated 120-node map)', () => {
		const view = generateMap(120, 3);
		const boxes = view.nodes.map((n) => {
			const b = nodeBox(n.kind, n.text);
			return { id: n.id, w: b.w, h: b.h };
		});
		const plain = layoutMap(boxes, view.edges, { untangle: false });
		const out = untangleRows(plain, boxes, view.edges);
		expect(countCrossings(out, view.edges)).toBeLessThanOrEqual(countCrossings(plain, view.edges));
		const rows = new Map<number, Array<{ l: number; r: number }>>();
		for (const b of boxes) {
			const p = out.get(b.id)!;
			rows.set(p.y, [...(rows.get(p.y) ?? []), { l: p.x - b.w / 2, r: p.x + b.w / 2 }]);
		}
		for (const row of rows.values()) {
			row.sort((u, v) => u.l - v.l);
			for (let i = 1; i < row.length; i++) expect(row[i].l).toBeGreaterThan(row[i - 1].r);
		}
	});
});
