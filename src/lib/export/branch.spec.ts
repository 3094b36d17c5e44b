import { describe, expect, it } from 'vitest';
import type { ExportInput } from '$lib/drawing/svg-types';
import { branchOf } from './branch';

const node = (id: string) => ({ id, kind: 'claim', text: id, x: 0, y: 0 });
const edge = (id: string, from: string, to: string, relation = 'supports') => ({
	id,
	from,
	to,
	relation
});

// t <- a <- a1 ; t <- b (attacks) ; u undercuts edge a1->a ; x -> y (elsewhere); a -> y (a also supports y)
const map = {
	meta: null,
	nodes: ['t', 'a', 'a1', 'b', 'u', 'x', 'y'].map(node),
	edges: [
		edge('e1', 'a', 't'),
		edge('e2', 'a1', 'a'),
		edge('e3', 'b', 't', 'attacks'),
		edge('e4', 'u', 'e2', 'undercuts'),
		edge('e5', 'x', 'y'),
		edge('e6', 'a', 'y')
	]
} as unknown as ExportInput;

describe('branchOf', () => {
	it.each([
		['t', ['t', 'a', 'b', 'a1', 'u']],
		['a', ['a', 'a1', 'u']],
		['y', ['y', 'x', 'a', 'a1', 'u']],
		['u', ['u']],
		['missing', []]
	])('the branch under %s', (root, expected) => {
		expect(branchOf(map, root).sort()).toEqual([...expected].sort());
	});

	it('ends on cycles', () => {
		const cyclic = {
			meta: null,
			nodes: ['p', 'q'].map(node),
			edges: [edge('e1', 'p', 'q'), edge('e2', 'q', 'p')]
		} as unknown as ExportInput;
		expect(branchOf(cyclic, 'p').sort()).toEqual(['p', 'q']);
	});
});
