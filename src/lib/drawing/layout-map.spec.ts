import { describe, expect, it } from 'vitest';
import { layoutMap, type LayoutEdge } from './layout-map';
import { edge } from './testing/records';

const boxes = (...ids: string[]) => ids.map((id) => ({ id, w: 120, h: 40 }));

describe('layoutMap', () => {
	it('puts conclusions above their reasons, an undercut below what it finally points at', () => {
		const edges: LayoutEdge[] = [
			edge('e1', 'r', 't'),
			edge('e2', 'c', 'r', 'attacks'),
			edge('u', 'x', 'e1', 'undercuts')
		];
		const at = layoutMap(boxes('t', 'r', 'c', 'x'), edges);
		expect(at.get('r')!.y).toBeGreaterThan(at.get('t')!.y);
		expect(at.get('c')!.y).toBeGreaterThan(at.get('r')!.y);
		// The undercut enters the layout as an edge to e1's conclusion, t.
		expect(at.get('x')!.y).toBeGreaterThan(at.get('t')!.y);
	});

	it('puts every `top` node on the top row, however long the chains below them', () => {
		const ids = ['t1', 'r1', 'r2', 'r3', 't2', 's1'];
		const edges = [
			edge('a', 'r1', 't1'),
			edge('b', 'r2', 'r1'),
			edge('c', 'r3', 'r2'),
			edge('d', 's1', 't2')
		];
		const free = layoutMap(boxes(...ids), edges);
		expect(free.get('t2')!.y).toBeGreaterThan(free.get('t1')!.y);
		const pinned = layoutMap(boxes(...ids), edges, { top: ['t1', 't2'] });
		const topY = Math.min(...[...pinned.values()].map((p) => p.y));
		expect(pinned.get('t1')!.y).toBe(topY);
		expect(pinned.get('t2')!.y).toBe(topY);
		expect(pinned.size).toBe(ids.length);
	});

	it('lays out nothing when there is nothing', () => {
		expect(layoutMap([], []).size).toBe(0);
	});
});
