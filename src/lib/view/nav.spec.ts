import { describe, expect, it } from 'vitest';
import { aimInDirection, nearestInDirection } from './nav';

const nodes = [
	{ id: 'up', p: { x: 10, y: -100 } },
	{ id: 'far-up', p: { x: 0, y: -300 } },
	{ id: 'right', p: { x: 200, y: 20 } },
	{ id: 'diag', p: { x: 150, y: -160 } }
];

describe('nearestInDirection', () => {
	it('finds the nearest node ahead, within the cone', () => {
		expect(nearestInDirection({ x: 0, y: 0 }, nodes, 'up')).toBe('up');
		expect(nearestInDirection({ x: 0, y: 0 }, nodes, 'right')).toBe('right');
		expect(nearestInDirection({ x: 0, y: 0 }, nodes, 'left')).toBeNull();
		expect(nearestInDirection({ x: 0, y: 0 }, nodes, 'down')).toBeNull();
	});
});

describe('aimInDirection', () => {
	// A map laid out top-down: the thesis up and well to the left of a counterpoint.
	const map = [
		{ id: 'thesis', p: { x: -170, y: -110 } },
		{ id: 'beside', p: { x: -300, y: 5 } },
		{ id: 'below', p: { x: 0, y: 120 } }
	];

	it('takes the cone first, then anything on that side, never behind', () => {
		expect(nearestInDirection({ x: 0, y: 0 }, map, 'up')).toBeNull();
		expect(aimInDirection({ x: 0, y: 0 }, map, 'up')).toBe('thesis');
		expect(aimInDirection({ x: 0, y: 0 }, map, 'left')).toBe('beside');
		expect(aimInDirection({ x: 0, y: 0 }, map, 'down')).toBe('below');
		expect(aimInDirection({ x: 0, y: 0 }, map, 'right')).toBeNull();
		expect(aimInDirection({ x: 0, y: 0 }, nodes, 'up')).toBe('up');
	});
});
