import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMap, type MapView } from '$lib/model/read';
import { fileToDoc, parseMapFileText } from '$lib/model/mapfile';
import { addNode } from '$lib/model/doc';
import { FIT_PADDING, MAX_FIT_ZOOM, READABLE_ZOOM, boundsOf } from './initial-view';
import { labelBox } from './label';
import { mapPreview } from './map-preview';

function sampleDoc(): Y.Doc {
	const parsed = parseMapFileText(readFileSync('maps/sample-sunday-libraries.json', 'utf8'));
	if (!parsed.ok) throw new Error('sample map does not parse');
	return fileToDoc(parsed.value);
}

/** The box around the nodes as the preview sizes them (estimated label widths). */
function nodeBounds(view: MapView) {
	return boundsOf(
		view.nodes.map((n) => ({
			x: n.x!,
			y: n.y!,
			w: labelBox(n.text).width,
			h: labelBox(n.text).height
		}))
	)!;
}

describe('mapPreview', () => {
	it('draws every node of the map, cut to the nodes’ box', () => {
		const view = readMap(sampleDoc());
		const preview = mapPreview(view)!;
		expect(preview.svg.startsWith('<svg')).toBe(true);
		for (const n of view.nodes) expect(preview.svg).toContain(n.text.split(' ')[0]);
		const b = nodeBounds(view);
		const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(preview.svg)!;
		expect(Number(viewBox[1])).toBe(Math.ceil(b.x2 - b.x1));
		expect(Number(viewBox[2])).toBe(Math.ceil(b.y2 - b.y1));
		// No fixed size: the CSS sizes it.
		expect(preview.svg).not.toMatch(/^<svg[^>]* width="\d/);
	});

	it('places it as the editor’s first view will be: readable zoom, or the whole map in a pane that fits it', () => {
		const view = readMap(sampleDoc());
		const preview = mapPreview(view)!;
		const b = nodeBounds(view);
		const w = b.x2 - b.x1;
		const h = b.y2 - b.y1;
		const css = preview.css('#p>img');
		const px = (n: number) => `${Math.round(n * 100) / 100}px`;
		expect(css).toContain(`width:${px(w * READABLE_ZOOM)};height:${px(h * READABLE_ZOOM)}`);
		expect(css).toContain(
			`@container (min-width:${px(w * READABLE_ZOOM + 2 * FIT_PADDING)}) and (min-height:${px(h * READABLE_ZOOM + 2 * FIT_PADDING)})`
		);
		expect(css).toContain(`max-width:${px(w * MAX_FIT_ZOOM)};max-height:${px(h * MAX_FIT_ZOOM)}`);
		// The theses' centre goes to the pane's centre: the sample's only thesis is at x = 0.
		const thesis = view.nodes.find((n) => n.kind === 'thesis')!;
		expect(css).toContain(`left:calc(50% + ${px((b.x1 - thesis.x!) * READABLE_ZOOM)})`);
	});

	it('is null when there is nothing to draw or a node has no position yet', () => {
		expect(mapPreview(readMap(new Y.Doc()))).toBeNull();
		const doc = sampleDoc();
		addNode(doc, { kind: 'claim', text: 'not placed yet', author: 't' }, 't');
		expect(mapPreview(readMap(doc))).toBeNull();
	});

	it('escapes what it draws', () => {
		const doc = sampleDoc();
		addNode(
			doc,
			{ kind: 'claim', text: '<script>alert(1)</script> & "x"', author: 't', x: 10, y: 400 },
			't'
		);
		const preview = mapPreview(readMap(doc))!;
		expect(preview.svg).not.toContain('<script>');
		expect(preview.svg).toContain('&lt;script&gt;');
	});
});
