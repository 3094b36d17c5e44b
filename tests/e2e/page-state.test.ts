/**
 * The editor page without the map's state in its HTML: a document over WARRANT_PAGE_STATE_MAX_BYTES
 * (here every one) is left out of the page's data, and the page asks `/state` itself — the same
 * path a page takes when its link does not admit it and an editor grant might. The map opens in
 * full either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';

const MAP = 'china-digging-in';
const essay = JSON.parse(readFileSync(join(ROOT_DIR, 'maps', `${MAP}.json`), 'utf8')) as {
	nodes: unknown[];
};

const app = useEditorApp({ env: { WARRANT_PAGE_STATE_MAX_BYTES: '64' } });

it('asks /state for a map too large to come in the page, and shows all of it', async () => {
	const page = await app.newPage({ user: { id: 'reader-1', name: 'Reader' } });
	const asked: Array<Promise<number>> = [];
	page.on('request', (r) => {
		if (new URL(r.url()).pathname === `/api/maps/${MAP}/state`)
			asked.push(r.response().then((res) => res?.status() ?? 0));
	});
	const response = await app.openMap(page, `/map/${MAP}`);
	expect(await response?.text()).not.toMatch(/update:"/);
	expect(asked).toHaveLength(1);
	expect(await asked[0]).toBe(200);
	const ids = await page.evaluate(
		() => (window as unknown as { __warrant: { nodeIds(): string[] } }).__warrant.nodeIds().length
	);
	expect(ids).toBe(essay.nodes.length);
	expect(app.errors).toEqual([]);
});
