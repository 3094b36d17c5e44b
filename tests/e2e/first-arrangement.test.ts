/**
 * The first view of a map that opens folded (issue 12): the server sends the arrangement of the
 * map's default folds with the page (`$lib/drawing/fold-arrangement.ts`) and pictures the map as
 * that arrangement draws it; the editor draws it at once, without its layout engine, when it fits
 * the graph in view, and lays out itself when it does not (this person's own folds, a key that no
 * longer matches, garbled data). The map is drawn arranged in every case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultFolds } from '$lib/drawing/fold';
import { parseMapFileText } from '$lib/model/mapfile';
import { useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';

const MAP = 'china-digging-in';
const parsed = parseMapFileText(readFileSync(join(ROOT_DIR, 'maps', `${MAP}.json`), 'utf8'));
if (!parsed.ok) throw new Error('the essay map does not parse');
const essay = parsed.value;
const mainLines = defaultFolds(
	essay.nodes.map((n) => n.id),
	essay.edges
);

const app = useEditorApp();

interface Hooks {
	nodeIds(): string[];
	shownIds(): string[];
	arranged(): boolean;
	arrangedByServer(): boolean;
}
const hooks = (page: Page) =>
	page.evaluate(() => {
		const w = (window as unknown as { __warrant: Hooks }).__warrant;
		return {
			nodes: w.nodeIds().length,
			shown: w.shownIds().length,
			arranged: w.arranged(),
			byServer: w.arrangedByServer()
		};
	});

/** The names of the scripts the page loaded until the map was ready. */
async function scriptsUntilReady(page: Page, path: string): Promise<string[]> {
	const names: string[] = [];
	let loading = true;
	page.on('request', (r) => {
		if (loading && r.resourceType() === 'script') names.push(new URL(r.url()).pathname);
	});
	await app.openMap(page, path);
	loading = false;
	return names;
}

describe('the first view of a map that opens folded', () => {
	it(
		'draws the server’s arrangement at once, pictured as drawn, and loads the layout engine only when idle',
		{ timeout: 180_000 },
		async () => {
			const page = await app.newPage({ user: { id: 'reader-1', name: 'Reader' } });
			let html = '';
			page.on('response', async (r) => {
				if (r.request().resourceType() === 'document') html = await r.text().catch(() => '');
			});
			const scripts = await scriptsUntilReady(page, `/map/${MAP}`);
			const now = await hooks(page);
			expect(now).toMatchObject({ nodes: essay.nodes.length, arranged: true, byServer: true });
			expect(now.shown).toBeLessThan(essay.nodes.length);
			// The picture in the HTML (the SVG inline) draws the same nodes.
			const picture = /id="warrant-map-preview"[^>]*>(?:\s|<!---->)*(<svg[\s\S]*?<\/svg>)/.exec(
				html
			);
			expect(picture).not.toBeNull();
			const svg = picture![1];
			expect(svg.match(/class="node[ "]/g)?.length).toBe(now.shown);

			// This person's own folds (one main line unfolded): not the graph the server arranged.
			const own = await app.newPage({ user: { id: 'reader-2', name: 'Other' } });
			await own.addInitScript(([key, folds]) => localStorage.setItem(key, JSON.stringify(folds)), [
				`warrant:folds:${MAP}`,
				mainLines.slice(1)
			] as const);
			await app.openMap(own, `/map/${MAP}`);
			expect(await hooks(own)).toMatchObject({ arranged: true, byServer: false });
			await own.context().close();

			// A sent arrangement that is not this graph's, or garbled: the page lays out itself, with
			// the engine on the page (the scripts the first page did not load until ready).
			let engine: string[] = [];
			for (const [label, garble] of [
				['another key', (h: string) => h.replace(/key:"[0-9a-f]{16}"/, 'key:"ffffffffffffffff"')],
				[
					'garbled positions',
					(h: string) => h.replace(/(key:"[0-9a-f]{16}",at:\[\[)/, (_m, at: string) => `${at}7,`)
				],
				[
					'not an arrangement',
					(h: string) => h.replace(/arrangement:\{key:/, 'arrangement:{nokey:')
				]
			] as const) {
				// A response fulfilled by the test counts as from a public address: its page may not open
				// a websocket to 127.0.0.1 (Chromium's local network access), and says so. The map's state
				// comes in the page, so the map opens regardless.
				const other = await app.newPage({
					user: { id: 'reader-3', name: 'Third' },
					ignore: /ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS/
				});
				let replaced = false;
				await other.route(`**/map/${MAP}`, async (route) => {
					const res = await route.fetch();
					const body = await res.text();
					const changed = garble(body);
					replaced = changed !== body;
					await route.fulfill({ response: res, body: changed });
				});
				const loaded = await scriptsUntilReady(other, `/map/${MAP}`);
				expect(replaced, label).toBe(true);
				const then = await hooks(other);
				expect(then, label).toMatchObject({
					nodes: essay.nodes.length,
					shown: now.shown,
					arranged: true,
					byServer: false
				});
				engine = loaded.filter((s) => !scripts.includes(s));
				expect(engine.length, label).toBeGreaterThan(0);
				await other.context().close();
			}

			// Meanwhile the first page, idle, has fetched the engine for the next fold.
			await page.waitForFunction(
				(names) =>
					performance
						.getEntriesByType('resource')
						.some((r) => names.includes(new URL(r.name).pathname)),
				engine,
				{ timeout: 60_000 }
			);
			expect(app.errors).toEqual([]);
		}
	);
});
