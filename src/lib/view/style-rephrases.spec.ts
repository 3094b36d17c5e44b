/** The editor draws rephrases (contract v2) as the drawing rules say (`drawing/kinds.ts`). */
import { describe, expect, it } from 'vitest';
import { RELATION_STYLES } from '$lib/drawing/kinds';
import { stylesheet } from './style';

describe('the editor stylesheet', () => {
	it('styles rephrases with their colour, dots and arrow head', () => {
		const rule = (stylesheet() as Array<{ selector: string; style: unknown }>).find(
			(r) => r.selector === 'edge.rel-rephrases'
		);
		expect(rule?.style).toMatchObject({
			'line-color': RELATION_STYLES.rephrases.colour,
			'line-style': 'dashed',
			'line-dash-pattern': [2, 4],
			'target-arrow-shape': 'triangle'
		});
	});
});
