import { describe, expect, it } from 'vitest';
import { nearestInDirection } from './nav';

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
