/**
 * Rephrases (AIF MA, contract v2) are drawn unlike any other relation, in the SVG export and its
 * legend (the editor's stylesheet: `view/style-rephrases.spec.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { MapFile } from '$lib/model/mapfile';
import { RELATIONS, SCHEMA_VERSION } from '$lib/model/schema';
import { RELATION_STYLES, dashArray } from './kinds';
import { exportToSvg } from './svg';
import { allElements, parseXml, textOf } from './testing/xml';

const AT = '2026-01-01T00:00:00.000Z';
const map: MapFile = {
	format: 'warrant-map',
	version: SCHEMA_VERSION,
	meta: {
		schema: SCHEMA_VERSION,
		title: 'Rephrase',
		createdAt: AT,
		source: { title: 'R', author: '', publication: '', date: '', lang: 'en', text: 'A. B.' }
	},
	sentences: [],
	nodes: [
		{
			id: 'a',
			kind: 'claim',
			text: 'Taxes should fall',
			x: 0,
			y: 0,
			anchors: [],
			author: '',
			createdAt: AT
		},
		{
			id: 'b',
			kind: 'claim',
			text: 'Lower the taxes',
			x: 0,
			y: 200,
			anchors: [],
			author: '',
			createdAt: AT
		}
	],
	edges: [{ id: 'r', from: 'b', to: 'a', relation: 'rephrases' }],
	comments: [],
	votes: []
};

describe('rephrases', () => {
	it('has a style no other relation shares (colour and line), with an arrow head', () => {
		const style = RELATION_STYLES.rephrases;
		for (const rel of RELATIONS.filter((r) => r !== 'rephrases')) {
			expect(RELATION_STYLES[rel].colour).not.toBe(style.colour);
			expect(dashArray(RELATION_STYLES[rel].dash)).not.toBe(dashArray(style.dash));
		}
		expect(style.arrow).toBe('triangle');
	});

	it('is drawn in the SVG export with its colour and dots, and named in the legend', () => {
		const root = parseXml(exportToSvg(map, { legend: true }));
		const edge = allElements(root).find((el) => el.attrs['data-id'] === 'r')!;
		expect(edge.attrs.class).toBe('edge rel-rephrases');
		expect(edge.children[0].attrs.stroke).toBe(RELATION_STYLES.rephrases.colour);
		expect(edge.children[0].attrs['stroke-dasharray']).toBe('2 4');
		const legend = allElements(root).filter((el) => (el.attrs.class ?? '').includes('legend-item'));
		expect(legend.map((item) => textOf(item.children.find((c) => c.name === 'text')!))).toContain(
			'Rephrases'
		);
	});
});
