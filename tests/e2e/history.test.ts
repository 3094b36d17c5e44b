/**
 * The history panel end to end (issue 14), in Debian's Chromium against the built server: the panel
 * loads on demand (its code is not part of the editor's first view), the scrubber shows the map as it
 * was over the live map without touching it, "Compare with now" draws and lists the differences,
 * and "Restore this" brings the old map back as one change that the restorer's undo takes back.
 * While the past is shown, the essay pane shades the coverage of that moment; "Export" downloads
 * the moment shown. Screenshots at 1440, 1024 and 390 px wide go to test-results/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseMapFileText } from '$lib/model/mapfile';
import { RESULTS, addNode, selectSentenceText, useEditorApp } from '$tests/e2e/fixture';

interface Hooks {
	nodeIds(): string[];
	nodeText(id: string): string | null;
}
type W = Window & { __warrant: Hooks };

const app = useEditorApp();
const { errors } = app;

const liveTexts = (page: Page) =>
	page.evaluate(() => {
		const w = (window as unknown as W).__warrant;
		return w
			.nodeIds()
			.map((id) => w.nodeText(id))
			.sort();
	});

/** The SVG of the picture drawn over the map. */
async function pictureSvg(page: Page): Promise<string> {
	const src = await page.locator('[data-testid="history-picture"] img').getAttribute('src');
	return decodeURIComponent((src ?? '').replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
}

/** Moves the scrubber to `index` and waits for the picture of that step. */
async function scrubTo(page: Page, index: number): Promise<string> {
	await page.locator('[data-testid="history-scrubber"]').evaluate((el, i) => {
		const input = el as HTMLInputElement;
		input.value = String(i);
		input.dispatchEvent(new Event('input', { bubbles: true }));
	}, index);
	const caption = index === 0 ? 'As the history begins' : `Step ${index} of`;
	await page.waitForFunction(
		(c) =>
			document
				.querySelector('[data-testid="history-picture"] figcaption')
				?.textContent?.startsWith(c) ?? false,
		caption
	);
	return pictureSvg(page);
}

describe('history panel', () => {
	it(
		'scrubs, compares and restores; undo takes the restore back',
		{ timeout: 120_000 },
		async () => {
			const id = await app.createMap('History', 'Seminars argue. Maps help them.');
			const page = await app.newPage({ user: { id: 'ada-0001', name: 'Ada' } });
			await app.openMap(page, `/map/${id}`);
			for (const text of ['First', 'Second', 'Third']) await addNode(page, text);
			// Every change has reached the server before its history is read.
			await expect
				.poll(
					async () => {
						const res = await fetch(`${app.server.url}/api/maps/${id}`);
						const file = (await res.json()) as { nodes: Array<{ text: string }> };
						return file.nodes.map((n) => n.text).sort();
					},
					{ timeout: 30_000, interval: 200 }
				)
				.toEqual(['First', 'Second', 'Third']);

			const scripts = () =>
				page.evaluate(() =>
					performance
						.getEntriesByType('resource')
						.map((e) => e.name)
						.filter((n) => n.endsWith('.js'))
				);
			const before = await scripts();
			await page.click('[data-testid="history-toggle"]');
			const scrubber = page.locator('[data-testid="history-scrubber"]');
			await scrubber.waitFor();
			// The panel's code came with the click, not with the editor's first view.
			expect((await scripts()).filter((s) => !before.includes(s)).length).toBeGreaterThan(0);
			const max = Number(await scrubber.getAttribute('max'));
			expect(max).toBeGreaterThanOrEqual(3);

			// Find the first step at which "First" exists and "Second" does not.
			let firstOnly = -1;
			for (let i = 0; i <= max && firstOnly < 0; i++) {
				const svg = await scrubTo(page, i);
				if (svg.includes('>First<') && !svg.includes('>Second<')) firstOnly = i;
			}
			expect(firstOnly).toBeGreaterThan(0);
			// Once its stretch of stored updates is here, the browser rebuilds the moments itself
			// (`$lib/model/replay.ts`): the picture says so, and it is the right past state.
			const drawnBy = () =>
				page.locator('[data-testid="history-picture"]').getAttribute('data-drawn-by');
			await scrubTo(page, max);
			await expect.poll(drawnBy, { timeout: 30_000 }).toBe('browser');
			const local = await scrubTo(page, firstOnly);
			expect(await drawnBy()).toBe('browser');
			expect(local.includes('>First<') && !local.includes('>Second<')).toBe(true);
			// The live map is untouched while the past is shown.
			expect(await liveTexts(page)).toEqual(['First', 'Second', 'Third']);
			await page.screenshot({ path: join(RESULTS, 'history-1440.png') });

			await page.click('[data-testid="history-diff"]');
			const changes = page.locator('[data-testid="history-change"]');
			await changes.first().waitFor();
			const listed = await changes.allTextContents();
			expect(listed.filter((t) => /added/.test(t) && /Second|Third/.test(t))).toHaveLength(2);
			const diffSvg = await pictureSvg(page);
			expect(diffSvg.match(/class="change change-added"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

			// Back to that moment, restore it: the live map becomes it, as one change undone at once.
			await scrubTo(page, firstOnly);
			await page.click('[data-testid="history-restore"]');
			await page.waitForFunction(() => (window as unknown as W).__warrant.nodeIds().length === 1);
			expect(await liveTexts(page)).toEqual(['First']);
			await page.locator('[data-testid="history-picture"]').waitFor({ state: 'detached' });
			await page.click('[data-testid="undo"]');
			await page.waitForFunction(() => (window as unknown as W).__warrant.nodeIds().length === 3);
			expect(await liveTexts(page)).toEqual(['First', 'Second', 'Third']);

			// The same panel and picture at a laptop's and a phone's width.
			for (const width of [1024, 390]) {
				await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
				if (width === 390) await page.click('[data-testid="pane-tab-map"]');
				await scrubTo(page, firstOnly);
				await page.screenshot({ path: join(RESULTS, `history-${width}.png`) });
			}
			expect(errors).toEqual([]);
		}
	);

	it(
		'replay shades the essay as it was covered then; the moment shown exports from the panel',
		{ timeout: 120_000 },
		async () => {
			const id = await app.createMap(
				'Coverage',
				'Seminars argue well. Maps help them. Essays persuade.'
			);
			const page = await app.newPage({
				user: { id: 'cy-0003', name: 'Cy' },
				acceptDownloads: true
			});
			await app.openMap(page, `/map/${id}`, 'highlightsReady');
			const sentences = await page.$$eval('[data-sentence]', (els) =>
				els.map((e) => e.getAttribute('data-sentence')!)
			);
			expect(sentences).toHaveLength(3);
			// Two claims made from the essay: one from the first sentence, then one from the second.
			for (const [i, words] of [
				[0, 'Seminars'],
				[1, 'Maps']
			] as const) {
				const before = await page.evaluate(
					() => (window as unknown as W).__warrant.nodeIds().length
				);
				expect(await selectSentenceText(page, sentences[i], 0, words.length)).toBe(words);
				await page.locator('[data-testid="selection-menu"]').waitFor();
				await page.click('[data-testid="from-text-claim"]');
				await page.waitForFunction(
					(n) => (window as unknown as W).__warrant.nodeIds().length === n,
					before + 1
				);
			}
			const coverage = () =>
				page.$$eval('[data-sentence]', (els) => els.map((e) => e.getAttribute('data-coverage')));
			await expect.poll(coverage).toEqual(['1', '1', '0']);
			await expect
				.poll(
					async () => {
						const res = await fetch(`${app.server.url}/api/maps/${id}`);
						return ((await res.json()) as { nodes: unknown[] }).nodes.length;
					},
					{ timeout: 30_000, interval: 200 }
				)
				.toBe(2);

			await page.click('[data-testid="history-toggle"]');
			const scrubber = page.locator('[data-testid="history-scrubber"]');
			await scrubber.waitFor();
			const max = Number(await scrubber.getAttribute('max'));
			// The first moment with the first claim only: the essay shows the first sentence covered,
			// the second not (yet), while the live map has both.
			let firstOnly = -1;
			for (let i = 0; i <= max && firstOnly < 0; i++) {
				const svg = await scrubTo(page, i);
				if (svg.includes('>Seminars<') && !svg.includes('>Maps<')) firstOnly = i;
			}
			expect(firstOnly).toBeGreaterThan(0);
			await expect.poll(coverage).toEqual(['1', '0', '0']);
			expect(await page.evaluate(() => (window as unknown as W).__warrant.nodeIds().length)).toBe(
				2
			);
			// As the history begins: nothing covered.
			await scrubTo(page, 0);
			await expect.poll(coverage).toEqual(['0', '0', '0']);
			await scrubTo(page, firstOnly);
			await expect.poll(coverage).toEqual(['1', '0', '0']);
			expect(await page.locator('[data-testid="replay-note"]').textContent()).toContain(
				`Step ${firstOnly} of`
			);
			await page.screenshot({ path: join(RESULTS, 'history-coverage-1440.png') });

			// Export the moment shown as a map file: it has the first claim only.
			await page.selectOption('[data-testid="history-export-format"]', 'json');
			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.click('[data-testid="history-export"]')
			]);
			expect(download.suggestedFilename()).toMatch(/-step-\d+\.json$/);
			const path = join(RESULTS, 'history-export.json');
			await download.saveAs(path);
			const file = parseMapFileText(readFileSync(path, 'utf8'));
			expect(file.ok && file.value.nodes.map((n) => n.text)).toEqual(['Seminars']);
			// And as a picture.
			await page.selectOption('[data-testid="history-export-format"]', 'png');
			const [png] = await Promise.all([
				page.waitForEvent('download'),
				page.click('[data-testid="history-export"]')
			]);
			expect(png.suggestedFilename()).toMatch(/-step-\d+\.png$/);
			const pngPath = join(RESULTS, 'history-export.png');
			await png.saveAs(pngPath);
			expect([...readFileSync(pngPath).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
			// JPEG and the slide, drawn in the browser as the export menu draws them.
			for (const [format, ext, magic] of [
				['jpeg', 'jpg', [0xff, 0xd8, 0xff]],
				['slide', 'png', [0x89, 0x50, 0x4e, 0x47]]
			] as const) {
				await page.selectOption('[data-testid="history-export-format"]', format);
				const [drawn] = await Promise.all([
					page.waitForEvent('download'),
					page.click('[data-testid="history-export"]')
				]);
				expect(drawn.suggestedFilename()).toMatch(new RegExp(`-step-\\d+.*\\.${ext}$`));
				const drawnPath = join(RESULTS, `history-export-${format}.${ext}`);
				await drawn.saveAs(drawnPath);
				expect([...readFileSync(drawnPath).subarray(0, magic.length)]).toEqual([...magic]);
			}

			// Back to the live map: the live coverage again.
			await page.click('[data-testid="history-live"]');
			await expect.poll(coverage).toEqual(['1', '1', '0']);
			await page.locator('[data-testid="replay-note"]').waitFor({ state: 'detached' });
			expect(errors).toEqual([]);
		}
	);

	it(
		'the instructor report shows participants and the activity chart',
		{ timeout: 60_000 },
		async () => {
			const id = await app.createMap('Report', 'Seminars argue. Maps help them.');
			const page = await app.newPage({ user: { id: 'bo-000002', name: 'Bo' } });
			await app.openMap(page, `/map/${id}`);
			await addNode(page, 'Claimed by Bo');
			const href = await page.locator('[data-testid="report-link"]').getAttribute('href');
			expect(href).toBe(`/map/${id}/report`);
			await expect
				.poll(
					async () => {
						const res = await fetch(`${app.server.url}/api/maps/${id}/report`);
						const body = (await res.json()) as { participants: Array<{ key: string }> };
						return body.participants.map((p) => p.key);
					},
					{ timeout: 30_000, interval: 200 }
				)
				.toContain('bo-000002');
			await page.goto(`${app.server.url}${href}`);
			await page.locator('[data-testid="report-chart"][data-ready="true"] canvas').waitFor();
			const rows = await page
				.locator('[data-testid="report-participants"] tbody tr')
				.allTextContents();
			expect(rows.some((r) => r.startsWith('Bo1'))).toBe(true);
			await page.screenshot({ path: join(RESULTS, 'report-1440.png'), fullPage: true });
			expect(errors).toEqual([]);
		}
	);
});
