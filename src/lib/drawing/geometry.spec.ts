import { describe, expect, it } from 'vitest';
import type { NodeRecord } from '$lib/model/schema';
import { buildElements, junctionId, midId } from './elements';
import { JUNCTION_RATIO, derivedPositions, type Point } from './geometry';
import { edge } from './testing/records';

const node = (id: string): NodeRecord => ({
	id,
	kind: 'claim',
	text: id,
	anchors: [],
	author: '',
	createdAt: '2024-01-01T00:00:00Z'
});

describe('derivedPositions', () => {
	const positions: Record<string, Point> = {
		c: { x: 0, y: 0 },
		p1: { x: -100, y: 200 },
		p2: { x: 100, y: 200 },
		u: { x: 300, y: 100 }
	};
	const at = (id: string) => positions[id];

	it('puts a junction between the premises centroid and the conclusion', () => {
		const { elements } = buildElements({
			nodes: ['c', 'p1', 'p2', 'u'].map(node),
			edges: [
				edge('e1', 'p1', 'c', 'supports', 'g'),
				edge('e2', 'p2', 'c', 'supports', 'g'),
				edge('uc', 'u', 'e1', 'undercuts')
			]
		});
		const out = derivedPositions(elements, at);
		expect(out.get(junctionId('c', 'g'))).toEqual({ x: 0, y: 200 * JUNCTION_RATIO });
		// An undercut premise's mid node lies on its segment to the junction.
		expect(out.get(midId('e1'))).toEqual({ x: -50, y: (200 + 200 * JUNCTION_RATIO) / 2 });
	});

	it('places the mid node of an undercut after the mid node of the edge it attacks', () => {
		const { elements } = buildElements({
			nodes: ['c', 'p1', 'u', 'p2'].map(node),
			edges: [
				edge('uu', 'p2', 'uc', 'undercuts'),
				edge('uc', 'u', 'e1', 'undercuts'),
				edge('e1', 'p1', 'c')
			]
		});
		const out = derivedPositions(elements, at);
		expect(out.get(midId('e1'))).toEqual({ x: -50, y: 100 });
		expect(out.get(midId('uc'))).toEqual({ x: 125, y: 100 });
	});

	it('gives nothing to helpers whose ends have no position', () => {
		const { elements } = buildElements({
			nodes: ['c', 'x', 'u'].map(node),
			edges: [edge('e1', 'x', 'c'), edge('uc', 'u', 'e1', 'undercuts')]
		});
		expect(derivedPositions(elements, at).has(midId('e1'))).toBe(false);
	});
});
