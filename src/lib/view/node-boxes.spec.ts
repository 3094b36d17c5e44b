/**
 * One box rule for the screen and for pictures: every node of the essay map, as the editor draws it
 * (MapBinding into cytoscape, with the editor's stylesheet), has exactly the box and place that the
 * SVG export draws it with.
 */
import { readFileSync } from 'node:fs';
import cytoscape from 'cytoscape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileToDoc, parseMapFileText } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import { KIND_STYLES } from '$lib/drawing/kinds';
import { shapePath } from '$lib/drawing/shapes';
import { exportToSvgDocument } from '$lib/drawing/svg';
import { allElements, parseXml } from '$lib/drawing/testing/xml';
import { MapBinding } from './binding';
import { stylesheet } from './style';

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('node boxes', () => {
	it('are the same in the editor and in the SVG export, for every node of the essay map', () => {
		const parsed = parseMapFileText(readFileSync('maps/china-digging-in.json', 'utf8'));
		if (!parsed.ok) throw new Error(parsed.error);
		const doc = fileToDoc(parsed.value);
		const frames: Array<() => void> = [];
		vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
		vi.stubGlobal('cancelAnimationFrame', () => {});
		const cy = cytoscape({ headless: true, styleEnabled: true, style: stylesheet() });
		const binding = new MapBinding(doc, cy);
		binding.render();
		while (frames.length > 0) frames.shift()!();
		expect(cy.nodes('.node')).toHaveLength(parsed.value.nodes.length);

		const svg = parseXml(exportToSvgDocument(readMap(doc), { legend: false }).svg);
		const drawn = allElements(svg).filter(
			(el) => el.name === 'g' && /^node /.test(el.attrs.class ?? '')
		);
		expect(drawn).toHaveLength(parsed.value.nodes.length);
		for (const g of drawn) {
			const id = g.attrs['data-id'];
			const node = cy.getElementById(id);
			const kind = node.data('kind') as keyof typeof KIND_STYLES;
			const path = g.children.find((c) => c.name === 'path');
			expect(path?.attrs.d, id).toBe(
				shapePath(KIND_STYLES[kind].shape, node.width(), node.height())
			);
			const { x, y } = node.position();
			expect(g.attrs.transform, id).toBe(`translate(${x} ${y})`);
		}
		binding.destroy();
		cy.destroy();
	});
});
