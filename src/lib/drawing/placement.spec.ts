import { describe, expect, it } from 'vitest';
import type { EdgeRecord } from '$lib/model/schema';
import { RANK_GAP, placeMissing } from './placement';

const edge = (
	id: string,
	from: string,
	to: string,
	relation: EdgeRecord['relation'] = 'supports'
): EdgeRecord => ({ id, from, to, relation });

describe('placeMissing', () => {
	it('puts a new reason below the node it supports', () => {
		const out = placeMissing(
			[
				{ id: 'c', w: 100, h: 40, position: { x: 0, y: 0 } },
				{ id: 'p', w: 100, h: 40 }
			],
			[edge('e', 'p', 'c')],
			{ x: 999, y: 999 }
		);
		expect(out.get('p')).toEqual({ x: 0, y: RANK_GAP });
	});

	it('puts a node above the nodes that support it, and an unconnected one at the fallback', () => {
		const out = placeMissing(
			[
				{ id: 'p', w: 100, h: 40, position: { x: 0, y: 300 } },
				{ id: 'c', w: 100, h: 40 },
				{ id: 'lone', w: 100, h: 40 }
			],
			[edge('e', 'p', 'c')],
			{ x: 500, y: 500 }
		);
		expect(out.get('c')).toEqual({ x: 0, y: 300 - RANK_GAP });
		expect(out.get('lone')).toEqual({ x: 500, y: 500 });
	});

	it('steps sideways instead of overlapping a placed node', () => {
		const out = placeMissing(
			[
				{ id: 'c', w: 100, h: 40, position: { x: 0, y: 0 } },
				{ id: 'q', w: 100, h: 40, position: { x: 0, y: RANK_GAP } },
				{ id: 'p', w: 100, h: 40 }
			],
			[edge('e', 'p', 'c')],
			{ x: 0, y: 0 }
		);
		const p = out.get('p')!;
		expect(p.y).toBe(RANK_GAP);
		expect(Math.abs(p.x)).toBeGreaterThanOrEqual(100);
	});

	it('follows an undercut to the node its target edge points at', () => {
		const out = placeMissing(
			[
				{ id: 'c', w: 100, h: 40, position: { x: 0, y: 0 } },
				{ id: 'p', w: 100, h: 40, position: { x: 300, y: 150 } },
				{ id: 'u', w: 100, h: 40 }
			],
			[edge('e', 'p', 'c'), edge('uc', 'u', 'e', 'undercuts')],
			{ x: 0, y: 0 }
		);
		expect(out.get('u')!.y).toBe(RANK_GAP);
	});
});
