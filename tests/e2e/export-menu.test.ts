/**
 * Handouts and slides from the Export menu, end to end: the built server and Debian's Chromium.
 * The menu's defaults are the shared ones (title, source line, legend on); it closes after an
 * export and Esc always closes it, focus back on its button; the PDF handout of the essay map and
 * of a map with Swedish and Chinese labels is read back with pdf.js (pages, smallest text, embedded
 * fonts, the names as text); slides of the current view and of a branch come out at 1920x1080 and
 * 3840x2160 with labels of 18 px or more. Every wait is on a condition or an event.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MapFile } from '$lib/model/mapfile';
import { EXPORT_DEFAULTS } from '$lib/export/options';
import { MIN_HANDOUT_PT } from '$lib/export/handout';
import { MIN_SLIDE_LABEL_PX } from '$lib/export/slide';
import { RESULTS, useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';
import { pdfFacts } from '$tests/helpers/pdf-facts';

const SLOW = 180_000;
const ESSAY = 'china-digging-in';

const app = useEditorApp();
const { server, errors } = app;
let page: Page;

type W = Window & {
	__warrant: {
		nodeIds(): string[];
		shownIds(): string[];
		selected(): string[];
		renderedPosition(id: string): { x: number; y: number } | null;
	};
};

const pngSize = (bytes: Buffer) => {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

async function openMenu(): Promise<Locator> {
	await page.getByRole('button', { name: 'Export…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Export map' });
	await dialog.waitFor();
	return dialog;
}

/** Sets the menu up with `choose`, exports, waits for the download and the menu to close. */
async function exportVia(
	choose: (dialog: Locator) => Promise<void>
): Promise<{ name: string; bytes: Buffer; said: string }> {
	const dialog = await openMenu();
	await choose(dialog);
	const [download] = await Promise.all([
		page.waitForEvent('download', { timeout: SLOW }),
		dialog.getByRole('button', { name: 'Export', exact: true }).click()
	]);
	const path = join(RESULTS, `menu-${download.suggestedFilename()}`);
	await download.saveAs(path);
	await dialog.waitFor({ state: 'hidden' });
	const saved = page.getByTestId('export-saved');
	await saved.filter({ hasText: 'Saved' }).waitFor();
	// Focus went back to the menu's button when it closed.
	await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Export…');
	return {
		name: download.suggestedFilename(),
		bytes: readFileSync(path),
		said: (await saved.textContent()) ?? ''
	};
}

/** Selects a node that is drawn inside the map pane, by clicking it. */
async function selectVisibleNode(): Promise<string> {
	const box = (await page.locator('[data-testid="map"]').boundingBox())!;
	const id = await page.evaluate(
		({ w, h }) => {
			const hooks = (window as unknown as W).__warrant;
			return (
				hooks.nodeIds().find((n) => {
					const p = hooks.renderedPosition(n);
					return p && p.x > 40 && p.y > 40 && p.x < w - 40 && p.y < h - 40;
				}) ?? null
			);
		},
		{ w: box.width, h: box.height }
	);
	if (!id) throw new Error('no node is drawn inside the map pane');
	const p = (await page.evaluate(
		(n) => (window as unknown as W).__warrant.renderedPosition(n),
		id
	))!;
	await page.mouse.click(box.x + p.x, box.y + p.y);
	await page.waitForFunction((n) => (window as unknown as W).__warrant.selected().join() === n, id);
	return id;
}

beforeAll(async () => {
	page = await app.newPage({ acceptDownloads: true });
	await app.openMap(page, `/map/${ESSAY}`);
}, SLOW);

describe('the Export menu', () => {
	it('opens with the shared defaults: title, source line and legend on', async () => {
		const dialog = await openMenu();
		expect(await dialog.getByLabel('Title').isChecked()).toBe(EXPORT_DEFAULTS.title);
		expect(await dialog.getByLabel('Source line').isChecked()).toBe(EXPORT_DEFAULTS.sourceLine);
		expect(await dialog.getByLabel('Legend').isChecked()).toBe(EXPORT_DEFAULTS.legend);
		expect([EXPORT_DEFAULTS.title, EXPORT_DEFAULTS.sourceLine, EXPORT_DEFAULTS.legend]).toEqual([
			true,
			true,
			true
		]);
		await dialog.getByLabel('Format').selectOption('pdf');
		expect(await dialog.getByLabel('Layout').inputValue()).toBe(EXPORT_DEFAULTS.pdfLayout);
		expect(await dialog.getByLabel('Page size').inputValue()).toBe(EXPORT_DEFAULTS.page);
		await dialog.getByLabel('Format').selectOption('png');
		expect(await dialog.getByLabel('Scale').inputValue()).toBe(String(EXPORT_DEFAULTS.scale));
		// Esc closes it, and focus returns to the button that opened it.
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Export…');
	});

	it(
		'Esc closes it even while an export runs, cancelling that export',
		async () => {
			const dialog = await openMenu();
			await dialog.getByLabel('Format').selectOption('pdf');
			await dialog.getByRole('button', { name: 'Export', exact: true }).click();
			await dialog.getByRole('button', { name: 'Cancel export' }).waitFor();
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
			await page.getByTestId('export-saved').filter({ hasText: 'Export cancelled' }).waitFor();
			await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Export…');
			// The menu opens again, idle, and exports as usual.
			const again = await openMenu();
			expect(await again.getByRole('button', { name: 'Close' }).isEnabled()).toBe(true);
			await page.keyboard.press('Escape');
			await again.waitFor({ state: 'hidden' });
		},
		SLOW
	);

	it(
		'prints the essay map as a handout: every text at 8 pt or more, fonts embedded',
		async () => {
			const file = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('pdf');
			});
			expect(file.name).toMatch(/\.pdf$/);
			const facts = await pdfFacts(file.bytes);
			console.log(
				`handout of the essay map (A4, menu defaults): ${facts.pages} pages, smallest text ${facts.minFontPt.toFixed(2)} pt, labels ${Math.min(...facts.minFontPtByPage.slice(1)).toFixed(2)} pt and up`
			);
			expect(file.said).toContain(`${facts.pages} pages, A4`);
			expect(facts.pages).toBeGreaterThan(2);
			expect(facts.minFontPt).toBeGreaterThanOrEqual(MIN_HANDOUT_PT);
			expect(facts.fonts.length).toBeGreaterThan(0);
			for (const f of facts.fonts) expect(f.embedded).toBe(true);
			expect(facts.text[0]).toContain('overview and page index');
			// Title, source line and legend are there by default.
			expect(facts.text[1]).toContain('Why China Is Digging In');
			expect(facts.text[1]).toContain('Sheena Chestnut Greitens');
			expect(facts.text.join(' ')).toContain('Supports');
		},
		SLOW
	);

	it(
		'prints Swedish and Chinese names as text in embedded fonts',
		async () => {
			const file = JSON.parse(
				readFileSync(join(ROOT_DIR, 'maps', 'sample-sunday-libraries.json'), 'utf8')
			) as MapFile;
			file.id = 'unicode-handout';
			file.meta.title = 'Åsa och 习近平';
			file.nodes[0].text = 'Åsa Lindqvist: “öppet på söndagar”';
			file.nodes[1].text = '习近平 and 王毅 disagree';
			const made = await fetch(`${server.url}/api/maps`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(file)
			});
			expect(made.status).toBe(201);
			const other = await app.newPage({ acceptDownloads: true });
			const before = page;
			page = other;
			try {
				await app.openMap(page, '/map/unicode-handout');
				const pdf = await exportVia(async (d) => {
					await d.getByLabel('Format').selectOption('pdf');
				});
				const facts = await pdfFacts(pdf.bytes);
				const all = facts.text.join(' ');
				expect(all).toContain('Åsa Lindqvist');
				expect(all).toContain('“öppet på söndagar”');
				expect(all).toContain('习近平');
				expect(all).toContain('王毅');
				expect(facts.minFontPt).toBeGreaterThanOrEqual(MIN_HANDOUT_PT);
				const names = facts.fonts.map((f) => f.name).join(' ');
				expect(names).toContain('DejaVuSans');
				expect(names).toContain('NotoSansHans');
				for (const f of facts.fonts) expect(f.embedded).toBe(true);
			} finally {
				page = before;
				await other.context().close();
			}
		},
		SLOW
	);

	it(
		'exports as the current view the nodes shown on screen, leaving out what this person folded away',
		async () => {
			const shown = await page.evaluate(() => (window as unknown as W).__warrant.shownIds());
			const all = await page.evaluate(() => (window as unknown as W).__warrant.nodeIds());
			// The essay map opens with its detail folded (per person), so fewer nodes are shown.
			expect(shown.length).toBeLessThan(all.length);
			const svg = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('svg');
				await d.getByLabel('Current view').check();
			});
			const drawn = [
				...svg.bytes.toString('utf8').matchAll(/class="node [^"]*" data-id="([^"]+)"/g)
			].map((m) => m[1]);
			expect(drawn.length).toBeGreaterThan(0);
			for (const id of drawn) expect(shown).toContain(id);
		},
		SLOW
	);

	it(
		'makes slides of the current view at 1920x1080 and of a branch at 3840x2160, labels 18 px or more',
		async () => {
			const view = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('slide');
				await d.getByLabel('Current view').check();
			});
			expect(view.name).toMatch(/slide-1920x1080\.png$/);
			expect(pngSize(view.bytes)).toEqual({ width: 1920, height: 1080 });
			const viewPx = Number(/labels ([\d.]+) px at 1920/.exec(view.said)?.[1]);
			expect(viewPx).toBeGreaterThanOrEqual(MIN_SLIDE_LABEL_PX);

			await selectVisibleNode();
			const branch = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('slide');
				await d.getByLabel('Branch of the selected node').check();
				await d.getByLabel('Slide size').selectOption('2160');
			});
			expect(branch.name).toMatch(/slide-3840x2160\.png$/);
			expect(pngSize(branch.bytes)).toEqual({ width: 3840, height: 2160 });
			const branchPx = Number(/labels ([\d.]+) px at 1920/.exec(branch.said)?.[1]);
			expect(branchPx).toBeGreaterThanOrEqual(MIN_SLIDE_LABEL_PX);
			expect(errors).toEqual([]);
		},
		SLOW
	);
});
