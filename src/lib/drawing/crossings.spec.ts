import { describe, expect, it } from 'vitest';
import { countCrossings, drawnSegments, segmentsCross } from './crossings';
import { edge } from './testing/records';

const at = (o: Record<string, [number, number]>) =>
	new Map(Object.entries(o).map(([id, [x, y]]) => [id, { x, y }]));

describe('countCrossings', () => {
	it('counts an X once and never counts edges that share an end', () => {
		const pos = at({ a: [0, 0], b: [100, 0], c: [0, 100], d: [100, 100] });
		expect(countCrossings(pos, [edge('1', 'a', 'd'), edge('2', 'b', 'c')])).toBe(1);
		expect(countCrossings(pos, [edge('1', 'a', 'c'), edge('2', 'b', 'd')])).toBe(0);
		// Both leave a: they meet at a but do not cross.
		expect(countCrossings(pos, [edge('1', 'a', 'd'), edge('2', 'a', 'c')])).toBe(0);
	});

	it('does not count segments that only touch or lie on one line', () => {
		expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 10 })).toBe(
			false
		);
		expect(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 0 }, { x: 15, y: 0 })).toBe(
			false
		);
	});

	it('draws co-premises through their junction and undercuts to the middle of their edge', () => {
		const pos = at({ p: [0, 200], q: [200, 200], c: [100, 0], u: [300, 100] });
		const edges = [
			edge('1', 'p', 'c', 'supports', 'g'),
			edge('2', 'q', 'c', 'supports', 'g'),
			edge('3', 'u', '1', 'undercuts')
		];
		const segs = drawnSegments(pos, edges);
		const j = segs.find((s) => s.a.startsWith('junction:'))!;
		// Junction at 45% of the way from the conclusion to the premises' mean (100, 200).
		expect(j.p).toEqual({ x: 100, y: 90 });
		const u = segs.find((s) => s.a === 'u')!;
		// Edge 1 runs from p to the junction, so its middle is between them.
		expect(u.q).toEqual({ x: 50, y: 145 });
		// u's line to that middle crosses q's line to the junction.
		expect(countCrossings(pos, edges)).toBe(1);
	});

	it('survives a cycle of undercuts', () => {
		const pos = at({ a: [0, 0], b: [10, 10] });
		const edges = [edge('x', 'a', 'y', 'undercuts'), edge('y', 'b', 'x', 'undercuts')];
		expect(countCrossings(pos, edges)).toBe(0);
	});
});
