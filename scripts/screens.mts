/**
 * Screenshots of the home page and the editor (a node selected too, the inspector's sheet open and
 * folded on narrow screens) at desktop, laptop, tablet and phone widths, to look
 * at after a layout change (issue 11, section 5). Needs a running server:
 *
 *   npm run build && PORT=3999 DATA_DIR=$(mktemp -d) node dist/server.js &
 *   WARRANT_URL=http://127.0.0.1:3999 npx tsx scripts/screens.mts [out-dir]
 *
 * Writes <out-dir>/<width>-<what>.png (default out-dir: test-results/screens) and prints each path.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser.ts';

const url = process.env.WARRANT_URL ?? 'http://127.0.0.1:3000';
const out = process.argv[2] ?? 'test-results/screens';
const MAP = process.env.WARRANT_MAP ?? 'china-digging-in';
const WIDTHS: Array<[number, number]> = [
	[1440, 900],
	[1024, 768],
	[768, 1024],
	[390, 844]
];
mkdirSync(out, { recursive: true });

const browser = await launchBrowser();
const shot = async (page: Page, name: string) => {
	const path = join(out, name + '.png');
	await page.screenshot({ path });
	console.log(path);
};
try {
	for (const [width, height] of WIDTHS) {
		const context = await browser.newContext({ viewport: { width, height } });
		await context.addInitScript(() =>
			localStorage.setItem(
				'warrant:user',
				JSON.stringify({ id: 'screens', name: 'Screens', named: true })
			)
		);
		const page = await context.newPage();
		await page.goto(url + '/');
		await page.waitForSelector('[data-testid="map-list"]');
		await shot(page, `${width}-home`);
		await page.goto(`${url}/map/${MAP}`);
		await page.waitForFunction(() => document.body.dataset.mapReady === 'true');
		await shot(page, `${width}-editor`);
		// A node selected (found by search): the inspector beside the map, a sheet below 860 px.
		await page.locator('[data-testid="search"]').fill('Xi’s paradox');
		await page.keyboard.press('Enter');
		await page.waitForSelector('[data-testid="inspector"]');
		if (await page.locator('[data-testid="pane-tab-map"]').isVisible())
			await page.click('[data-testid="pane-tab-map"]');
		await shot(page, `${width}-editor-selected`);
		if (await page.locator('[data-testid="inspector-toggle"]').isVisible()) {
			await page.click('[data-testid="inspector-toggle"]');
			await shot(page, `${width}-editor-selected-folded`);
			await page.click('[data-testid="inspector-toggle"]');
		}
		await page.keyboard.press('Escape');
		const narrow = await page.locator('[data-testid="pane-tab-text"]').isVisible();
		if (narrow) {
			await page.click('[data-testid="pane-tab-text"]');
			await shot(page, `${width}-editor-essay`);
			await page.click('[data-testid="pane-tab-map"]');
			await page.click('[data-testid="toolbar-more"]');
			await shot(page, `${width}-editor-tools`);
		}
		await page.getByRole('button', { name: /^Export/ }).click();
		await page.waitForSelector('dialog[open]');
		await shot(page, `${width}-editor-export-dialog`);
		await context.close();
	}
} finally {
	await browser.close();
}
