/**
 * Phones, tablets and keyboards (issue 11, section 5), end to end in Chromium against the built
 * server: no sideways scrolling at 390 and 768 px (essay and map as tabs, every toolbar action in
 * the overflow menu, dialogs on screen, the home page's form wrapping); the skip link; connecting
 * two nodes from the keyboard alone (arrows and search), seen by a second person; focus back on
 * the opener after every menu and dialog; and axe-core's checks, 0 violations, on the home page,
 * the editor, the outline, the comments panel and the export menu. Waits are on conditions.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, selectNode, useEditorApp } from '$tests/e2e/fixture';
import { axeViolations, describeViolations } from '$tests/e2e/axe';

/** The editor's read-only test hooks (`window.__warrant`, see controller.ts `testHooks`). */
interface Drawn {
	__warrant: {
		nodeIds(): string[];
		nodeText(id: string): string | null;
		edges(): Array<{ id: string; source: string; target: string; relation: string }>;
		position(id: string): { x: number; y: number } | null;
		hasClass(id: string, cls: string): boolean;
		selected(): string[];
		box(id: string): { x1: number; y1: number; x2: number; y2: number } | null;
	};
}

interface Rect {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}
const overlap = (a: Rect, b: Rect) => a.x1 < b.x2 && a.x2 > b.x1 && a.y1 < b.y2 && a.y2 > b.y1;

/**
 * Page boxes of the map, node `id`, the inspector and the connect bar (null: not shown), and
 * whether the node lies inside the map and clear of both panels (the view pans after a frame).
 */
const mapLayout = (page: Page, id: string) =>
	page.evaluate((n) => {
		const rect = (sel: string) => {
			const r = document.querySelector(sel)?.getBoundingClientRect();
			return r && r.width > 0 ? { x1: r.left, y1: r.top, x2: r.right, y2: r.bottom } : null;
		};
		const map = rect('[data-testid="map"]')!;
		const b = (window as unknown as Drawn).__warrant.box(n);
		const node = b && {
			x1: map.x1 + b.x1,
			y1: map.y1 + b.y1,
			x2: map.x1 + b.x2,
			y2: map.y1 + b.y2
		};
		const inspector = rect('[data-testid="inspector"]');
		const aim = rect('[data-testid="connect-aim"]');
		const hits = (a: typeof map, c: typeof map | null) =>
			!!c && a.x1 < c.x2 && a.x2 > c.x1 && a.y1 < c.y2 && a.y2 > c.y1;
		const clear =
			!!node &&
			node.x1 >= map.x1 &&
			node.y1 >= map.y1 &&
			node.x2 <= map.x2 &&
			node.y2 <= map.y2 &&
			!hits(node, inspector) &&
			!hits(node, aim);
		return { map, node, inspector, aim, clear };
	}, id);

/** Waits until node `id` is in the map and clear of the inspector and the connect bar. */
const nodeClear = (page: Page, id: string) =>
	expect.poll(async () => (await mapLayout(page, id)).clear, { timeout: 15_000 }).toBe(true);

const app = useEditorApp();

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };
const DESKTOP = { width: 1440, height: 900 };
const ESSAY = 'Cats are good pets. They are quiet.\nDogs bark at night. Some people mind.';

let person = 0;
/** A page of someone who has chosen their name (no first-visit prompt). */
const newPage = (viewport: { width: number; height: number }) =>
	app.newPage({ viewport, user: { id: `small-${++person}-0001`, name: `Reader ${person}` } });

/** How far the document scrolls sideways: 0 when nothing is wider than the window. */
const sideways = (page: Page) =>
	page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/** Whether `selector`'s box lies within the window, sideways and down. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
	const box = await page.locator(selector).boundingBox();
	const view = page.viewportSize()!;
	return (
		!!box &&
		box.x >= 0 &&
		box.y >= 0 &&
		box.x + box.width <= view.width + 0.5 &&
		box.y + box.height <= view.height + 0.5
	);
}

/** The accessible names of the toolbar's visible controls (buttons, fields, selects). */
const visibleTools = (page: Page) =>
	page.evaluate(() =>
		[
			...document.querySelectorAll<HTMLElement>(
				'[data-testid="toolbar"] :is(button, input, select)'
			)
		]
			.filter((el) => el.checkVisibility() && el.dataset.testid !== 'toolbar-more')
			.map(
				(el) =>
					el.getAttribute('aria-label') ||
					el.closest('label')?.textContent?.trim().replace(/\s+/g, ' ') ||
					el.textContent!.trim()
			)
	);

/** The element that has focus, as its test id, id or text. */
const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		return el?.dataset.testid ?? (el?.id || el?.textContent?.trim() || el?.tagName || null);
	});

/** Adds a node with the keyboard on the focused map (N, type, Enter) and returns its id. */
async function typeNode(page: Page, text: string): Promise<string> {
	const before = await page.evaluate(() => (window as unknown as Drawn).__warrant.nodeIds());
	await page.keyboard.press('n');
	await page.locator('[data-testid="label-editor"]').waitFor();
	await page.keyboard.type(text);
	await page.keyboard.press('Enter');
	await page.locator('[data-testid="label-editor"]').waitFor({ state: 'detached' });
	const handle = await page.waitForFunction(
		(ids) =>
			(window as unknown as Drawn).__warrant.nodeIds().find((id) => !ids.includes(id)) ?? false,
		before
	);
	return (await handle.jsonValue()) as string;
}

describe('phones and tablets', () => {
	for (const viewport of [PHONE, TABLET]) {
		it(`fits ${viewport.width} px without sideways scrolling: home, both tabs, tools, dialogs`, async () => {
			const page = await newPage(viewport);
			await page.goto(`${app.server.url}/`);
			await page.locator('[data-testid="map-list"]').waitFor();
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			// The new-map form wraps: every field and button inside the window.
			const outside = await page.evaluate(() =>
				[...document.querySelectorAll('form :is(input, textarea, select, button)')]
					.filter((el) => (el as HTMLElement).checkVisibility())
					.filter((el) => el.getBoundingClientRect().right > window.innerWidth)
					.map((el) => el.outerHTML.slice(0, 80))
			);
			expect(outside).toEqual([]);
			await page.screenshot({
				path: join(RESULTS, `small-${viewport.width}-home.png`),
				fullPage: true
			});

			await app.openMap(page, '/map/china-digging-in');
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			// One pane at a time: the map first, the essay on its tab.
			expect(await page.locator('[data-testid="map"]').isVisible()).toBe(true);
			expect(await page.locator('[data-sentence]').first().isVisible()).toBe(false);
			expect((await page.locator('[data-testid="map"]').boundingBox())!.width).toBe(viewport.width);
			await page.click('[data-testid="pane-tab-text"]');
			await page.locator('[data-sentence]').first().waitFor();
			expect(await page.locator('[data-testid="map"]').isVisible()).toBe(false);
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			await page.screenshot({ path: join(RESULTS, `small-${viewport.width}-essay.png`) });
			// The tabs follow the tabs pattern: ← → move between them (never the map's arrows).
			await page.locator('[data-testid="pane-tab-text"]').focus();
			await page.keyboard.press('ArrowRight');
			await page.locator('[data-testid="map"]').waitFor();
			expect(await focused(page)).toBe('pane-tab-map');
			expect(await page.getAttribute('[data-testid="pane-tab-map"]', 'aria-selected')).toBe('true');

			// The overflow menu, and a dialog opened from it, on screen.
			await page.click('[data-testid="toolbar-more"]');
			await page.locator('[data-testid="auto-layout"]').waitFor();
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			await page.screenshot({ path: join(RESULTS, `small-${viewport.width}-tools.png`) });
			await page.getByRole('button', { name: /^Export/ }).click();
			await page.locator('dialog[open]').waitFor();
			expect(await onScreen(page, 'dialog[open]')).toBe(true);
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			await page.screenshot({ path: join(RESULTS, `small-${viewport.width}-export.png`) });
			await page.keyboard.press('Escape');
			await page.locator('dialog[open]').waitFor({ state: 'detached' });
			// The shortcuts and the name dialogs too (sharing is left alone: it may protect the map).
			await page.click('button[aria-label="Keyboard shortcuts"]');
			await page.locator('[aria-labelledby="help-title"]').waitFor();
			expect(await onScreen(page, '[aria-labelledby="help-title"]')).toBe(true);
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			await page.keyboard.press('Escape');
			await page.locator('[aria-labelledby="help-title"]').waitFor({ state: 'detached' });
			await page.click('.presence button.avatar');
			await page.locator('dialog[open]').waitFor();
			expect(await onScreen(page, 'dialog[open]')).toBe(true);
			await page.keyboard.press('Escape');
			await page.locator('dialog[open]').waitFor({ state: 'detached' });

			// The comments panel covers the pane, within the window.
			await page.click('[data-testid="comments-toggle"]');
			await page.locator('[data-testid="comments-panel"]').waitFor();
			expect(await onScreen(page, '[data-testid="comments-panel"]')).toBe(true);
			expect(await sideways(page)).toBeLessThanOrEqual(0);
			expect(app.errors).toEqual([]);
			await page.context().close();
		});
	}

	it('reaches every toolbar action of a wide screen through the overflow menu at 390 px', async () => {
		const id = await app.createMap('Tools on a phone', ESSAY);
		const wide = await newPage(DESKTOP);
		await app.openMap(wide, `/map/${id}`);
		const all = await visibleTools(wide);
		expect(all).toEqual(expect.arrayContaining(['Add claim', 'Auto layout', 'Fit', 'Undo']));
		await wide.context().close();

		const page = await newPage(PHONE);
		await app.openMap(page, `/map/${id}`);
		// Folded: only search beside "Tools".
		expect(await visibleTools(page)).toEqual(['Search nodes and sentences']);
		await page.click('[data-testid="toolbar-more"]');
		expect(await page.getAttribute('[data-testid="toolbar-more"]', 'aria-expanded')).toBe('true');
		const reachable = await visibleTools(page);
		expect([...reachable].sort()).toEqual([...all].sort());
		// Each of them within the window.
		const outside = await page.evaluate(
			() =>
				[...document.querySelectorAll('[data-testid="toolbar"] :is(button, input, select)')]
					.filter((el) => (el as HTMLElement).checkVisibility())
					.filter((el) => {
						const r = el.getBoundingClientRect();
						return r.left < 0 || r.right > window.innerWidth;
					}).length
		);
		expect(outside).toBe(0);

		// An action from the menu works, closes the menu and gives focus back to "Tools".
		await page.click('[data-testid="add-claim"]');
		await page.locator('[data-testid="label-editor"]').waitFor();
		expect(await page.getAttribute('[data-testid="toolbar-more"]', 'aria-expanded')).toBe('false');
		await page.keyboard.type('A claim from a phone');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() =>
			(window as unknown as Drawn).__warrant
				.nodeIds()
				.some((n) => (window as unknown as Drawn).__warrant.nodeText(n) === 'A claim from a phone')
		);
		await page.click('[data-testid="toolbar-more"]');
		await page.getByRole('button', { name: 'Fit', exact: true }).click();
		expect(await page.getAttribute('[data-testid="toolbar-more"]', 'aria-expanded')).toBe('false');
		expect(await focused(page)).toBe('toolbar-more');
		expect(app.errors).toEqual([]);
		await page.context().close();
	});

	it(
		'keeps the selected node in view: at 390 px the inspector is a sheet that folds, the connect bar never covers it, 0 axe violations',
		{ timeout: 120_000 },
		async () => {
			const found: Record<string, string[]> = {};
			for (const viewport of [DESKTOP, PHONE]) {
				const w = viewport.width;
				const page = await newPage(viewport);
				await app.openMap(page, '/map/china-digging-in', 'highlightsReady');
				await selectNode(page, 'thesis');
				await page.locator('[data-testid="inspector"]').waitFor();
				await nodeClear(page, 'thesis');
				if (viewport === PHONE) {
					// A sheet along the map's bottom edge, at most 40 % of the map's height.
					const { map, inspector } = await mapLayout(page, 'thesis');
					expect(inspector!.y2).toBeCloseTo(map.y2, 0);
					expect(inspector!.x2 - inspector!.x1).toBeCloseTo(map.x2 - map.x1, 0);
					expect(inspector!.y2 - inspector!.y1).toBeLessThanOrEqual(0.4 * (map.y2 - map.y1) + 1);
					found[`${w} inspector sheet`] = describeViolations(await axeViolations(page));
					// Folded to its one line (what is selected), then open again: the node stays in view.
					const toggle = page.locator('[data-testid="inspector-toggle"]');
					await toggle.click();
					expect(await toggle.getAttribute('aria-expanded')).toBe('false');
					await expect
						.poll(() => page.locator('[data-testid="kind-select"]').isVisible())
						.toBe(false);
					const folded = (await mapLayout(page, 'thesis')).inspector!;
					expect(folded.y2 - folded.y1).toBeLessThan(60);
					await nodeClear(page, 'thesis');
					await page.screenshot({ path: join(RESULTS, `inspector-sheet-folded-${w}.png`) });
					found[`${w} inspector folded`] = describeViolations(await axeViolations(page));
					await toggle.click();
					await page.locator('[data-testid="kind-select"]').waitFor();
					await nodeClear(page, 'thesis');
					await page.screenshot({ path: join(RESULTS, `inspector-sheet-${w}.png`) });
				} else {
					// Wide screens show no fold toggle: the inspector is a box in the map's corner.
					expect(await page.locator('[data-testid="inspector-toggle"]').isVisible()).toBe(false);
				}
				// The label editor opens from the inspector's Edit button (no keyboard, no double tap).
				await page.click('[data-testid="edit-label"]');
				await page.locator('[data-testid="label-editor"]').waitFor();
				await page.keyboard.press('Escape');
				await page.locator('[data-testid="label-editor"]').waitFor({ state: 'detached' });

				// Connecting from the keyboard: the bar and the inspector do not overlap, and the node
				// aimed at (never one folded away) is in view, clear of both.
				await page.locator('[data-testid="map"]').focus();
				await page.keyboard.press('c');
				await page.locator('[data-testid="connect-aim"]').waitFor();
				await page.keyboard.press('ArrowDown');
				const aimed = (await (
					await page.waitForFunction(() => {
						const h = (window as unknown as Drawn).__warrant;
						return h.nodeIds().find((n) => h.hasClass(n, 'aim-target')) ?? false;
					})
				).jsonValue()) as string;
				expect(
					await page.evaluate(
						(n) =>
							(window as unknown as { __warrant: { shownIds(): string[] } }).__warrant
								.shownIds()
								.includes(n),
						aimed
					)
				).toBe(true);
				await nodeClear(page, aimed);
				const { inspector, aim } = await mapLayout(page, aimed);
				expect(inspector && aim).toBeTruthy();
				expect(overlap(inspector!, aim!)).toBe(false);
				await page.screenshot({ path: join(RESULTS, `inspector-connect-${w}.png`) });
				found[`${w} connecting`] = describeViolations(await axeViolations(page));
				await page.keyboard.press('Escape');
				await page.locator('[data-testid="connect-aim"]').waitFor({ state: 'detached' });
				await page.context().close();
			}
			expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
			expect(Object.keys(found)).toHaveLength(4);
			expect(app.errors).toEqual([]);
		}
	);
});

describe('keyboard', () => {
	it('has a skip link to the map, first in the tab order', async () => {
		for (const viewport of [DESKTOP, PHONE]) {
			const page = await newPage(viewport);
			await app.openMap(page, '/map/china-digging-in');
			// On a phone, reading the essay: the link also brings the map's tab forward. (A script
			// click, so that the first Tab still starts from the top of the page.)
			if (viewport === PHONE) {
				await page.locator('[data-testid="pane-tab-text"]').dispatchEvent('click');
				await page.locator('[data-testid="map"]').waitFor({ state: 'hidden' });
			}
			await page.keyboard.press('Tab');
			expect(await focused(page)).toBe('skip-to-map');
			expect(await onScreen(page, '[data-testid="skip-to-map"]')).toBe(true);
			await page.keyboard.press('Enter');
			expect(await focused(page)).toBe('map');
			expect(await page.locator('[data-testid="map"]').isVisible()).toBe(true);
			await page.context().close();
		}
	});

	it(
		'connects two nodes from the keyboard alone (arrows, then search), seen by a second person',
		{
			timeout: 90_000
		},
		async () => {
			const id = await app.createMap('Keyboard connect', ESSAY);
			const a = await newPage(DESKTOP);
			const b = await newPage(TABLET);
			await Promise.all([app.openMap(a, `/map/${id}`), app.openMap(b, `/map/${id}`)]);

			// Three nodes in a column, typed: each new one goes below the selected one.
			await a.locator('[data-testid="map"]').focus();
			const top = await typeNode(a, 'Cats make good pets');
			const middle = await typeNode(a, 'Cats are quiet');
			const bottom = await typeNode(a, 'Quiet homes are calm');
			const ys = await a.evaluate(
				(ids) => ids.map((n) => (window as unknown as Drawn).__warrant.position(n)!.y),
				[top, middle, bottom]
			);
			expect(ys[0]).toBeLessThan(ys[1]);
			expect(ys[1]).toBeLessThan(ys[2]);

			// Bottom → middle with the arrows: C, ↑, Enter, then A (attacks) in the chooser.
			expect(await a.evaluate(() => (window as unknown as Drawn).__warrant.selected())).toEqual([
				bottom
			]);
			await a.keyboard.press('c');
			await a.locator('[data-testid="connect-aim"]').waitFor();
			await a.keyboard.press('ArrowUp');
			await a.waitForFunction(
				(n) => (window as unknown as Drawn).__warrant.hasClass(n, 'aim-target'),
				middle
			);
			await a.locator('[data-testid="connect-aim"]', { hasText: 'Cats are quiet' }).waitFor();
			await a.screenshot({ path: join(RESULTS, 'keyboard-connect.png') });
			await a.keyboard.press('Enter');
			await a.locator('[data-testid="choose-supports"]').waitFor();
			expect(await focused(a)).toBe('choose-supports');
			await a.keyboard.press('a');
			const relationOf = (page: Page, from: string, to: string) =>
				page.evaluate(
					([s, t]) =>
						(window as unknown as Drawn).__warrant
							.edges()
							.find((e) => e.source === s && e.target === t)?.relation ?? null,
					[from, to]
				);
			await expect.poll(() => relationOf(a, bottom, middle)).toBe('attacks');
			// Focus is back on the map, where the connection started; the aim is gone.
			expect(await focused(a)).toBe('map');
			expect(await a.locator('[data-testid="connect-aim"]').count()).toBe(0);
			expect(
				await a.evaluate(
					(n) => (window as unknown as Drawn).__warrant.hasClass(n, 'aim-target'),
					middle
				)
			).toBe(false);

			// Middle → top found by search: C, /, type, Enter (aims), Enter (connects), S (supports).
			await a.keyboard.press('ArrowUp');
			await a.waitForFunction(
				(n) => (window as unknown as Drawn).__warrant.selected().join() === n,
				middle
			);
			await a.keyboard.press('c');
			await a.locator('[data-testid="connect-aim"]').waitFor();
			await a.keyboard.press('/');
			await a.keyboard.type('good pets');
			await a.keyboard.press('Enter');
			await a.waitForFunction(
				(n) => (window as unknown as Drawn).__warrant.hasClass(n, 'aim-target'),
				top
			);
			expect(await focused(a)).toBe('map');
			await a.keyboard.press('Enter');
			await a.locator('[data-testid="choose-supports"]').waitFor();
			await a.keyboard.press('s');
			await expect.poll(() => relationOf(a, middle, top)).toBe('supports');

			// The second person sees both edges with the relations chosen.
			await expect.poll(() => relationOf(b, bottom, middle), { timeout: 15_000 }).toBe('attacks');
			await expect.poll(() => relationOf(b, middle, top), { timeout: 15_000 }).toBe('supports');

			// Esc cancels an aimed connection: nothing is added.
			await a.keyboard.press('c');
			await a.locator('[data-testid="connect-aim"]').waitFor();
			await a.keyboard.press('ArrowDown');
			await a.keyboard.press('Escape');
			await a.locator('[data-testid="connect-aim"]').waitFor({ state: 'detached' });
			expect(await a.evaluate(() => (window as unknown as Drawn).__warrant.edges().length)).toBe(2);
			expect(app.errors).toEqual([]);
			await a.context().close();
			await b.context().close();
		}
	);

	it(
		'gives focus back to the opener after every menu and dialog',
		{ timeout: 90_000 },
		async () => {
			const id = await app.createMap('Focus comes back', ESSAY);
			const page = await newPage(DESKTOP);
			await app.openMap(page, `/map/${id}`);

			/** Opens with `open` (focusing the opener first), closes with `close`, then checks focus. */
			async function roundTrip(
				opener: string,
				shown: string,
				close: () => Promise<void>
			): Promise<void> {
				await page.locator(opener).focus();
				await page.keyboard.press('Enter');
				await page.locator(shown).waitFor();
				await close();
				await page.locator(shown).waitFor({ state: 'hidden' });
				await expect
					.poll(() => page.locator(opener).evaluate((el) => el === document.activeElement))
					.toBe(true);
			}
			const esc = () => page.keyboard.press('Escape');

			await roundTrip('button[aria-haspopup="dialog"]:has-text("Export")', 'dialog[open]', esc);
			await roundTrip(
				'button[aria-label="Keyboard shortcuts"]',
				'[aria-labelledby="help-title"]',
				esc
			);
			await roundTrip('[data-testid="comments-toggle"]', '[data-testid="comments-panel"]', () =>
				page.locator('[data-testid="comments-panel"] button[aria-label^="Close"]').click()
			);
			await roundTrip('.presence button.avatar', 'dialog[open]', esc);
			await roundTrip('[data-testid="history-toggle"]', '[data-testid="history-panel"]', () =>
				page.locator('[data-testid="history-panel"] button[aria-label="Close history"]').click()
			);

			// The relation chooser of a connection started on the map gives focus back to the map.
			await page.locator('[data-testid="map"]').focus();
			await typeNode(page, 'One');
			await typeNode(page, 'Two');
			await page.keyboard.press('c');
			await page.keyboard.press('ArrowUp');
			await page.keyboard.press('Enter');
			await page.locator('[data-testid="choose-supports"]').waitFor();
			await page.keyboard.press('Escape');
			await page.locator('[data-testid="choose-supports"]').waitFor({ state: 'detached' });
			expect(await focused(page)).toBe('map');
			// Last: sharing may protect the map (the phone below opens another one).
			await roundTrip('[data-testid="share-button"]', 'dialog[open]', esc);
			await page.context().close();

			// On a phone: the overflow menu, and the export dialog opened from it.
			const phone = await newPage(PHONE);
			await app.openMap(phone, `/map/${await app.createMap('Focus on a phone', ESSAY)}`);
			await phone.locator('[data-testid="toolbar-more"]').focus();
			await phone.keyboard.press('Enter');
			const exportButton = phone.getByRole('button', { name: /^Export/ });
			await exportButton.focus();
			await phone.keyboard.press('Enter');
			await phone.locator('dialog[open]').waitFor();
			await phone.keyboard.press('Escape');
			await phone.locator('dialog[open]').waitFor({ state: 'detached' });
			expect(await exportButton.evaluate((el) => el === document.activeElement)).toBe(true);
			await phone.keyboard.press('Escape');
			expect(await phone.getAttribute('[data-testid="toolbar-more"]', 'aria-expanded')).toBe(
				'false'
			);
			expect(await focused(phone)).toBe('toolbar-more');
			// The share dialog on a phone: on screen, and focus back on Share (last: it may protect).
			await phone.locator('[data-testid="share-button"]').focus();
			await phone.keyboard.press('Enter');
			await phone.locator('dialog[open]').waitFor();
			expect(await onScreen(phone, 'dialog[open]')).toBe(true);
			expect(await sideways(phone)).toBeLessThanOrEqual(0);
			await phone.keyboard.press('Escape');
			await phone.locator('dialog[open]').waitFor({ state: 'detached' });
			expect(await focused(phone)).toBe('share-button');
			expect(app.errors).toEqual([]);
			await phone.context().close();
		}
	);
});

describe('axe-core', () => {
	it(
		'finds 0 violations on the home page, the editor, the outline, the comments panel and the export menu',
		{
			timeout: 90_000
		},
		async () => {
			const found: Record<string, string[]> = {};
			for (const viewport of [DESKTOP, PHONE]) {
				const w = viewport.width;
				const page = await newPage(viewport);
				await page.goto(`${app.server.url}/`);
				await page.locator('[data-testid="map-list"]').waitFor();
				found[`${w} home`] = describeViolations(await axeViolations(page));

				await app.openMap(page, '/map/china-digging-in', 'highlightsReady');
				found[`${w} editor`] = describeViolations(await axeViolations(page));
				if (viewport === PHONE) {
					await page.click('[data-testid="toolbar-more"]');
					found[`${w} tools menu`] = describeViolations(await axeViolations(page));
					await page.click('[data-testid="pane-tab-text"]');
				}
				await page.click('[data-testid="tab-outline"]');
				await page.locator('[role="tree"]').waitFor();
				found[`${w} outline`] = describeViolations(await axeViolations(page));

				await page.click('[data-testid="comments-toggle"]');
				await page.locator('[data-testid="comments-panel"]').waitFor();
				found[`${w} comments`] = describeViolations(await axeViolations(page));

				await page.getByRole('button', { name: /^Export/ }).click();
				await page.locator('dialog[open]').waitFor();
				found[`${w} export menu`] = describeViolations(await axeViolations(page, 'dialog[open]'));
				await page.context().close();
			}
			const total = Object.values(found).flat().length;
			console.log(`axe-core violations: ${total} (${Object.keys(found).join(', ')})`);
			expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
			expect(Object.keys(found)).toHaveLength(11);
			expect(app.errors).toEqual([]);
		}
	);
});
