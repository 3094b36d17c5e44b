import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { MIN_SLIDE_LABEL_PX, SLIDE_H, SLIDE_W, slideDocument } from './slide';
import { branchOf } from './branch';

function mapFile(name: string): MapFile {
	const parsed = parseMapFileText(
		readFileSync(resolve(import.meta.dirname, `../../../maps/${name}.json`), 'utf8')
	);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.value;
}

describe('slideDocument', () => {
	const essay = mapFile('china-digging-in');
	const sample = mapFile('sample-sunday-libraries');
	const opts = { title: 'T', sourceLine: 'S', legend: true };

	it('is a 1920 x 1080 picture whatever the map', () => {
		for (const map of [essay, sample]) {
			const doc = slideDocument(map, opts);
			expect([doc.width, doc.height]).toEqual([SLIDE_W, SLIDE_H]);
			expect(doc.svg).toMatch(/^<svg [^>]*width="1920" height="1080" viewBox="0 0 1920 1080">/);
		}
	});

	it('keeps labels at 18 px or more, cutting a map too large to show whole', () => {
		const whole = slideDocument(essay, opts);
		expect(whole.labelPx).toBeGreaterThanOrEqual(MIN_SLIDE_LABEL_PX);
		expect(whole.cropped).toBe(true);
		expect(whole.nodeCount).toBeLessThan(essay.nodes.length);
		const small = slideDocument(sample, opts);
		expect(small.labelPx).toBeGreaterThanOrEqual(MIN_SLIDE_LABEL_PX);
	});

	it('shows a branch, cut at a view when needed, without nodes from outside it', () => {
		const root = essay.nodes.find((n) => n.kind === 'thesis')!.id;
		const ids = branchOf(essay, root);
		const doc = slideDocument(essay, { ...opts, scope: { ids } });
		expect(doc.labelPx).toBeGreaterThanOrEqual(MIN_SLIDE_LABEL_PX);
		const drawn = [...doc.svg.matchAll(/class="node [^"]*" data-id="([^"]+)"/g)].map((m) => m[1]);
		expect(drawn.length).toBeGreaterThan(0);
		for (const id of drawn) expect(ids).toContain(id);
		expect(drawn).toContain(root);
	});

	it('shows the current view around its centre', () => {
		const viewport = { x: 0, y: 0, w: 3000, h: 2000 };
		const doc = slideDocument(essay, { ...opts, scope: { viewport } });
		expect(doc.cropped).toBe(true);
		expect(doc.labelPx).toBeGreaterThanOrEqual(MIN_SLIDE_LABEL_PX);
	});
});
