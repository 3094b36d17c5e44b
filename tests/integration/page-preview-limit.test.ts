/**
 * The editor page's HTML carries a picture of the map only up to WARRANT_PREVIEW_MAX_NODES nodes:
 * above it the page comes with the essay alone (a 50,000-node map made 28.7 MB of HTML in 4.15 s).
 * The preview is made in the worker pool, so the page still answers while it is drawn. Likewise
 * the map's state comes in the page only up to WARRANT_PAGE_STATE_MAX_BYTES; above it the page
 * asks `/state` (its data says null).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE_FILE, SAMPLE_ID, useServer } from './support';

describe('map picture in the page, by size', () => {
	// The sample map has 6 nodes: above this limit. A 2-node copy is below it.
	const { server } = useServer({ env: { WARRANT_PREVIEW_MAX_NODES: '5' } });

	const page = async (id: string) => (await fetch(`${server.url}/map/${id}`)).text();

	it('leaves the picture out above the limit and keeps the essay', async () => {
		const html = await page(SAMPLE_ID);
		expect(html).not.toContain('id="warrant-map-preview"');
		expect(html).toContain('id="warrant-essay-preview"');
	});

	it('draws the picture at or below the limit', async () => {
		const file = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8'));
		const small = { ...file, id: 'small-copy', nodes: file.nodes.slice(0, 2), edges: [] };
		const res = await fetch(`${server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(small)
		});
		expect(res.status).toBe(201);
		const html = await page('small-copy');
		expect(html).toContain('id="warrant-map-preview"');
		expect(html).toContain('id="warrant-essay-preview"');
	});
});

describe('map state in the page, by size', () => {
	// Every map's document is larger than 64 bytes.
	const { server } = useServer({ env: { WARRANT_PAGE_STATE_MAX_BYTES: '64' } });

	it('leaves the document out above the limit and keeps the previews', async () => {
		const html = await (await fetch(`${server.url}/map/${SAMPLE_ID}`)).text();
		expect(html).not.toMatch(/update:"/);
		// The essay and the picture still come: only the document is left out.
		expect(html).toContain('id="warrant-essay-preview"');
		expect(html).toContain('id="warrant-map-preview"');
	});
});
