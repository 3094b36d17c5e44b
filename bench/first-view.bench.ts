/**
 * The essay map at first sight (`npm run bench -- first-view`, after `npm run build`): for a new
 * reader (fresh browser context) at 1440×900, 1024×900 and 390×900, the first view and Fit — zoom,
 * the smallest label drawn on screen (cytoscape's font size × zoom, over the nodes in view), nodes in
 * view and nodes fully on screen — and the same after "Unfold all" and Fit. Real server, Chromium.
 * Figures, not timings: they do not depend on the machine's load.
 */
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer } from '../tests/helpers/server';

interface Facts {
	zoom: number;
	shown: number;
	fully: number;
	smallestPx: number | null;
	labelled: number;
}

/** The editor's test hooks this bench reads (`EditorController.testHooks`). */
type Win = {
	__warrant: {
		shownIds(): string[];
		zoom(): number;
		labels(): { smallestPx: number | null; labelled: number };
		box(id: string): { x1: number; y1: number; x2: number; y2: number } | null;
	};
};

async function facts(page: Page): Promise<Facts> {
	await page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
	return page.evaluate(() => {
		const w = (window as unknown as Win).__warrant;
		const pane = document.querySelector('[data-testid="map"]')!.getBoundingClientRect();
		const right = Math.min(pane.width, window.innerWidth - pane.left);
		const bottom = Math.min(pane.height, window.innerHeight - pane.top);
		const shown = w.shownIds();
		const fully = shown.filter((id) => {
			const b = w.box(id)!;
			return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= right && b.y2 <= bottom;
		}).length;
		return { zoom: w.zoom(), shown: shown.length, fully, ...w.labels() };
	});
}

const line = (what: string, f: Facts) =>
	`${what}: zoom ${f.zoom.toFixed(3)}, smallest label ${f.smallestPx === null ? 'none drawn' : `${f.smallestPx.toFixed(1)} px`}, ` +
	`${f.labelled} of ${f.shown} nodes in view labelled, ${f.fully} of ${f.shown} fully on screen`;

const server = await startServer();
const browser = await launchBrowser();
try {
	console.log('essay map (87 nodes), a new reader: first view, Fit, and Fit after Unfold all');
	for (const width of [1440, 1024, 390]) {
		const context = await browser.newContext({ viewport: { width, height: 900 } });
		await context.addInitScript(() =>
			localStorage.setItem(
				'warrant:user',
				JSON.stringify({ id: 'bench', name: 'Bench', named: true })
			)
		);
		const page = await context.newPage();
		await page.goto(`${server.url}/map/china-digging-in`);
		await page.waitForFunction(() => document.body.dataset.mapReady === 'true');
		console.log(line(`${width}×900 first view`, await facts(page)));
		await page.locator('[data-testid="map"]').focus();
		await page.keyboard.press('f');
		console.log(line(`${width}×900 Fit`, await facts(page)));
		await page.locator('[data-testid="unfold-all"]').click();
		await page.waitForFunction(() => (window as unknown as Win).__warrant.shownIds().length === 87);
		await page.locator('[data-testid="map"]').focus();
		await page.keyboard.press('f');
		console.log(line(`${width}×900 unfolded, Fit`, await facts(page)));
		await context.close();
	}
} finally {
	await browser.close();
	await server.stop();
}
