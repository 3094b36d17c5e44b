/**
 * Undo in a seminar, end to end (issue 11, section 2): the real built server and Debian's Chromium,
 * three people (Ada, Bea, Cy) in browser contexts of their own on one map. Ada's undo never deletes
 * or reverts what Bea or Cy did: a node of Ada's that Bea edited, connected and voted on stays for
 * all three, a comment Cy replied to stays with its thread; typing is one step per burst; Auto layout
 * asks first while others are here and is one step. Waits are on conditions, never sleeps.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
	RESULTS,
	addNode,
	drawEdge,
	editLabel,
	selectNode,
	useEditorApp
} from '$tests/e2e/fixture';

interface Hooks {
	nodeIds(): string[];
	nodeText(id: string): string | null;
	edges(): Array<{ id: string; source: string; target: string; relation: string }>;
	position(id: string): { x: number; y: number } | null;
}
type W = Window & { __warrant: Hooks; __warrantCollab: { people(): string[] } };

const app = useEditorApp();
const { errors } = app;

async function person(name: string, width = 1440): Promise<Page> {
	return app.newPage({
		label: name,
		viewport: { width, height: 900 },
		user: { id: `id-${name.toLowerCase()}-0001`, name }
	});
}

async function open(page: Page, mapId: string): Promise<void> {
	await app.openMap(page, `/map/${mapId}`);
	await page.waitForFunction(() => !!(window as unknown as W).__warrantCollab);
	// The legend is open at first and may cover nodes of this small map: folded, as a person would.
	const toggle = page.locator('[data-testid="legend"] button.toggle');
	if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
}

/** Opens the label editor of `id`, puts the caret at the end and types `text` (not closing it). */
async function typeInto(page: Page, id: string, text: string): Promise<void> {
	await editLabel(page, id);
	await page.keyboard.press('End');
	await page.keyboard.type(text);
}

async function closeEditor(page: Page): Promise<void> {
	await page.keyboard.press('Enter');
	await page.locator('[data-testid="label-editor"]').waitFor({ state: 'detached' });
}

/** Drags from a node's edge handle onto another node and chooses the relation. */
async function connect(page: Page, from: string, to: string, relation: string): Promise<void> {
	await drawEdge(page, from, to);
	await page.click(`[data-testid="choose-${relation}"]`);
}

const textIs = (page: Page, id: string, text: string | null) =>
	page.waitForFunction(([n, t]) => (window as unknown as W).__warrant.nodeText(n) === t, [
		id,
		text
	] as const);

const hasNode = (page: Page, id: string, present = true) =>
	page.waitForFunction(([n, p]) => (window as unknown as W).__warrant.nodeIds().includes(n) === p, [
		id,
		present
	] as const);

/** Clicks a toolbar control, through the "☰ Tools" menu where a narrow screen folds it away. */
async function tool(page: Page, testid: string): Promise<void> {
	const target = page.locator(`[data-testid="${testid}"]`);
	if (!(await target.isVisible())) await page.click('[data-testid="toolbar-more"]');
	await target.click();
}

async function undoKey(page: Page, keys = 'Control+z'): Promise<void> {
	await page.locator('[data-testid="map"]').focus();
	await page.keyboard.press(keys);
}

describe('undo in a seminar', () => {
	let mapId: string;
	let ada: Page;
	let bea: Page;
	let cy: Page;
	let beasNode: string;

	it('alone, Auto layout does not ask, and is one undo step', { timeout: 90_000 }, async () => {
		mapId = await app.createMap(
			'Undo seminar',
			'Seminars argue. Maps help them.\nEveryone sees the same map.'
		);
		ada = await person('Ada');
		await open(ada, mapId);
		const n1 = await addNode(ada, 'One');
		const n2 = await addNode(ada, 'Two');
		const before = await ada.evaluate(
			(ids) => ids.map((i) => (window as unknown as W).__warrant.position(i)),
			[n1, n2]
		);
		await ada.locator('[data-testid="map"]').focus();
		await ada.keyboard.press('l');
		await ada.locator('[data-testid="message"]', { hasText: 'Laid out' }).waitFor();
		expect(await ada.locator('[data-testid="layout-confirm"]').count()).toBe(0);
		await ada.waitForFunction(
			([ids, b]) =>
				ids.some(
					(i, k) =>
						JSON.stringify((window as unknown as W).__warrant.position(i)) !== JSON.stringify(b[k])
				),
			[[n1, n2], before] as const
		);
		await undoKey(ada);
		await ada.waitForFunction(
			([ids, b]) =>
				ids.every(
					(i, k) =>
						JSON.stringify((window as unknown as W).__warrant.position(i)) === JSON.stringify(b[k])
				),
			[[n1, n2], before] as const
		);
		// The typing before it is still there: the layout was one step.
		expect(await ada.evaluate((i) => (window as unknown as W).__warrant.nodeText(i), n2)).toBe(
			'Two'
		);
	});

	it(
		'keeps the node Bea edited, connected and voted on when Ada undoes making it',
		{ timeout: 120_000 },
		async () => {
			bea = await person('Bea', 1024);
			cy = await person('Cy', 390);
			await Promise.all([open(bea, mapId), open(cy, mapId)]);
			for (const p of [ada, bea, cy])
				await p.waitForFunction(
					() => (window as unknown as W).__warrantCollab.people().sort().join() === 'Ada,Bea,Cy'
				);
			beasNode = await addNode(bea, 'Bea’s reason');
			const adas = await addNode(ada, 'Ada’s point');
			await textIs(bea, adas, 'Ada’s point');

			// Bea builds on it: edits its text, connects her node to it, votes on it.
			await typeInto(bea, adas, ' (and Bea’s)');
			await closeEditor(bea);
			await connect(bea, beasNode, adas, 'supports');
			await selectNode(bea, adas);
			await bea.click('[data-testid="vote-4"]');
			const edge = async (p: Page) =>
				p.evaluate(
					([s, t]) =>
						(window as unknown as W).__warrant
							.edges()
							.some((e) => e.source === s && e.target === t && e.relation === 'supports'),
					[beasNode, adas]
				);
			await expect.poll(() => edge(ada)).toBe(true);
			const tally = (p: Page) =>
				p
					.locator(`[data-testid="node-tally"][data-node="${adas}"]`)
					.filter({ hasText: '★4.0 (1)' });
			// Marks are drawn for nodes in view: Ada and Cy fit the map to see them.
			for (const p of [ada, cy]) {
				await p.locator('[data-testid="map"]').focus();
				await p.keyboard.press('f');
			}
			await tally(ada).waitFor();

			// Ada's first Ctrl+Z undoes her typing burst: her words go, Bea's stay.
			await undoKey(ada);
			for (const p of [ada, bea, cy]) await textIs(p, adas, ' (and Bea’s)');
			// The second undoes making the node: Bea built on it, so it stays, and Ada is told why.
			await undoKey(ada);
			await ada
				.locator('[data-testid="message"]', {
					hasText: 'Kept your node “(and Bea’s)”: Bea changed it, connected to it and voted on it.'
				})
				.waitFor();
			await ada.screenshot({ path: join(RESULTS, 'undo-kept-1440.png') });
			for (const p of [ada, bea, cy]) {
				await hasNode(p, adas);
				await textIs(p, adas, ' (and Bea’s)');
				await expect.poll(() => edge(p)).toBe(true);
			}
			await tally(cy).waitFor();
			await bea.screenshot({ path: join(RESULTS, 'undo-kept-1024.png') });
			await cy.screenshot({ path: join(RESULTS, 'undo-kept-390.png') });
			// That step is used up: the next undo goes to the step before (the layout's nodes), not
			// further than asked.
			expect(await ada.evaluate((i) => (window as unknown as W).__warrant.nodeText(i), adas)).toBe(
				' (and Bea’s)'
			);
		}
	);

	it(
		'keeps a comment Cy replied to, with its thread, when Ada undoes it',
		{ timeout: 90_000 },
		async () => {
			await selectNode(ada, beasNode);
			await ada.click('[data-testid="comments-toggle"]');
			await ada.fill('[data-testid="new-comment-node"]', 'Which source?');
			await ada.click('[data-testid="comments-panel"] form button[type="submit"]');
			await tool(cy, 'comments-toggle');
			await cy.locator('[data-testid="thread-item"]', { hasText: 'Which source' }).click();
			await cy.fill('[data-testid="reply-input"]', 'The census.');
			await cy.keyboard.press('Enter');
			await ada.locator('[data-comment]', { hasText: 'The census.' }).waitFor();

			await undoKey(ada);
			await ada
				.locator('[data-testid="message"]', { hasText: 'Kept your comment: Cy replied to it.' })
				.waitFor();
			for (const p of [ada, bea, cy]) {
				await p
					.locator(`[data-testid="node-comment-badge"][data-node="${beasNode}"]`)
					.filter({ hasText: '1' })
					.waitFor();
			}
			await cy.locator('[data-comment]', { hasText: 'The census.' }).waitFor();
			await cy.locator('[data-comment]', { hasText: 'Which source?' }).waitFor();
			await ada.click('[data-testid="comments-toggle"]');
			await tool(cy, 'comments-toggle');
		}
	);

	it(
		'undoes and redoes typing one burst at a time, inside the label editor and after it',
		{ timeout: 90_000 },
		async () => {
			const n = await addNode(ada, 'Draft');
			await typeInto(ada, n, ' one');
			await closeEditor(ada);
			await typeInto(ada, n, ' two');
			// Inside the editor, Ctrl+Z undoes this burst; the textarea and everyone follow.
			await ada.keyboard.press('Control+z');
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft one');
			await expect
				.poll(() => ada.locator('[data-testid="label-editor"]').inputValue())
				.toBe('Draft one');
			await ada.keyboard.press('Control+y');
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft one two');
			await expect
				.poll(() => ada.locator('[data-testid="label-editor"]').inputValue())
				.toBe('Draft one two');
			await closeEditor(ada);
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft one two');
			// After it, each Ctrl+Z is one burst; redo brings them back.
			await undoKey(ada);
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft one');
			await undoKey(ada);
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft');
			await undoKey(ada, 'Control+Shift+z');
			await undoKey(ada, 'Control+y');
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft one two');
			// Esc still cancels the open editor's typing, and only that.
			await typeInto(ada, n, ' three');
			await ada.keyboard.press('Escape');
			for (const p of [ada, bea, cy]) await textIs(p, n, 'Draft one two');
			// The toolbar follows: there is still something to undo, and the cancelled typing to redo.
			await expect.poll(() => ada.locator('[data-testid="undo"]').isEnabled()).toBe(true);
			await expect.poll(() => ada.locator('[data-testid="redo"]').isEnabled()).toBe(true);
		}
	);

	it(
		'asks before Auto layout while others are here; the layout is one step for Ada',
		{ timeout: 90_000 },
		async () => {
			const ids = await cy.evaluate(() => (window as unknown as W).__warrant.nodeIds());
			const where = (p: Page) =>
				p.evaluate((list) => list.map((i) => (window as unknown as W).__warrant.position(i)), ids);
			const before = await where(cy);
			await ada.locator('[data-testid="map"]').focus();
			await ada.keyboard.press('l');
			const dialog = ada.locator('[data-testid="layout-confirm"]');
			await dialog.waitFor();
			await expect.poll(() => dialog.textContent()).toMatch(/Bea and Cy\s+are on this map now/);
			await ada.screenshot({ path: join(RESULTS, 'layout-confirm-1440.png') });
			// Cancel changes nothing.
			await dialog.getByRole('button', { name: 'Cancel' }).click();
			await dialog.waitFor({ state: 'detached' });
			expect(await where(ada)).toEqual(before);

			await ada.click('[data-testid="auto-layout"]');
			await ada.click('[data-testid="layout-confirm-ok"]');
			await ada.locator('[data-testid="message"]', { hasText: 'Laid out' }).waitFor();
			await expect
				.poll(async () => JSON.stringify(await where(cy)))
				.not.toBe(JSON.stringify(before));
			const laidOut = await where(ada);
			await expect.poll(() => where(bea)).toEqual(laidOut);
			await undoKey(ada);
			for (const p of [ada, bea, cy]) await expect.poll(() => where(p)).toEqual(before);
			expect(errors).toEqual([]);
		}
	);

	it('shows the confirmation on a tablet and a phone', { timeout: 60_000 }, async () => {
		for (const [p, w] of [
			[bea, 1024],
			[cy, 390]
		] as const) {
			await p.locator('[data-testid="map"]').focus();
			await p.keyboard.press('l');
			const dialog = p.locator('[data-testid="layout-confirm"]');
			await dialog.waitFor();
			const box = (await dialog.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(w);
			await p.screenshot({ path: join(RESULTS, `layout-confirm-${w}.png`) });
			await p.keyboard.press('Escape');
			await dialog.waitFor({ state: 'detached' });
		}
		expect(errors).toEqual([]);
	});
});
