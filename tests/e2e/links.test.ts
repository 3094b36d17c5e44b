/**
 * Links between the essay and the map, end to end on the essay's map (maps/china-digging-in.json)
 * with the real built server (its own temporary DATA_DIR, so edits do not leak) and Chromium:
 * selected words become an anchored node, nodes light up their sentences and sentences their nodes,
 * coverage is counted and shaded, the outline works from the keyboard, search finds and jumps.
 * Every wait is on a condition, never a sleep.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageSummary } from '$lib/model/coverage';
import type { NodeRecord, Sentence } from '$lib/model/schema';
import { RESULTS, mapReady, pointOf, selectSentenceText, useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';

interface Hooks {
	nodeIds(): string[];
	nodeText(id: string): string | null;
	nodeKind(id: string): string | null;
	renderedPosition(id: string): { x: number; y: number } | null;
	hasClass(id: string, cls: string): boolean;
	selected(): string[];
}
type HookWindow = Window & { __warrant: Hooks };

const MAP = 'china-digging-in';
const essay = JSON.parse(readFileSync(join(ROOT_DIR, 'maps', `${MAP}.json`), 'utf8')) as {
	sentences: Sentence[];
	nodes: NodeRecord[];
};

const app = useEditorApp();
const { errors } = app;
/** The editor page's HTML as the server sent it. */
let firstHtml = '';
/** Requests the page made for the map's state (`/api/maps/<id>/state`). */
const stateRequests: string[] = [];
let page: Page;

beforeAll(async () => {
	page = await app.newPage({
		// A reader who has a name already (no first-visit name prompt).
		user: { id: 'reader-1', name: 'Reader' },
		// Fail a step with its own message well before the test's timeout.
		defaultTimeout: 10_000
	});
	page.on('request', (r) => {
		if (new URL(r.url()).pathname.endsWith('/state')) stateRequests.push(r.url());
	});
	const response = await page.goto(`${app.server.url}/map/${MAP}`);
	firstHtml = (await response?.text()) ?? '';
	await mapReady(page, 'highlightsReady', 30_000);
});

/** A point of the map at least 220 px from every node's centre (nothing to hover there). */
async function emptySpot(): Promise<{ x: number; y: number }> {
	const box = (await page.locator('[data-testid="map"]').boundingBox())!;
	const spot = await page.evaluate(
		([w, h]) => {
			const hooks = (window as unknown as HookWindow).__warrant;
			const nodes = hooks.nodeIds().map((id) => hooks.renderedPosition(id)!);
			for (let y = 40; y < h - 40; y += 30)
				for (let x = 40; x < w - 300; x += 30)
					if (nodes.every((p) => Math.hypot(p.x - x, p.y - y) > 220)) return { x, y };
			return null;
		},
		[box.width, box.height] as const
	);
	if (!spot) throw new Error('no empty spot on the map');
	return { x: box.x + spot.x, y: box.y + spot.y };
}

const selected = () =>
	page.evaluate(() => (window as unknown as HookWindow).__warrant.selected().sort().join());

/** The id of the node that appears on the map beside the ones in `before`. */
async function newNodeId(before: string[]): Promise<string> {
	const handle = await page.waitForFunction(
		(ids) =>
			(window as unknown as HookWindow).__warrant.nodeIds().find((id) => !ids.includes(id)) ??
			false,
		before
	);
	return (await handle.jsonValue()) as string;
}

/** Selects characters [from, to) of a sentence in this file's page (`selectSentenceText`). */
const selectInSentence = (sentenceId: string, from: number, to: number) =>
	selectSentenceText(page, sentenceId, from, to);

describe('links between the essay and the map', () => {
	it('shows the server’s picture of the map and the essay until the editor has drawn them, then only the editor', async () => {
		expect(firstHtml).toContain('id="warrant-map-preview"');
		expect(firstHtml).toContain('id="warrant-essay-preview"');
		expect(await page.locator('#warrant-map-preview, #warrant-essay-preview').count()).toBe(0);
		expect(await page.locator('[data-testid="map"] canvas').count()).toBeGreaterThan(0);
		// The map's state came in the page's HTML: no request for it.
		expect(stateRequests).toEqual([]);
	});

	it('counts and shades coverage, and lists the unmapped sentences', async () => {
		const want = coverageSummary(essay.sentences, essay.nodes);
		await expect
			.poll(() => page.locator('[data-testid="coverage-count"]').textContent())
			.toBe(`${want.mapped} of ${want.total} sentences mapped`);
		const levels = await page.$$eval('[data-sentence]', (els) =>
			els.map((e) => e.getAttribute('data-coverage'))
		);
		expect(levels).toHaveLength(essay.sentences.length);
		expect(levels.filter((l) => l === '0')).toHaveLength(want.unmapped.length);
		// Shading is visible: a well covered sentence has a tint, an unmapped one none.
		const bg = (level: string) =>
			page.$eval(`[data-coverage="${level}"]`, (e) => getComputedStyle(e).backgroundColor);
		expect(await bg('3')).not.toBe('rgba(0, 0, 0, 0)');
		expect(await bg('0')).toBe('rgba(0, 0, 0, 0)');

		// Only the unmapped: a list; a click goes back to the text, at that sentence, focused.
		await page.check('[data-testid="unmapped-only"]');
		const items = page.locator('[data-testid="unmapped-list"] button');
		await expect.poll(() => items.count()).toBe(want.unmapped.length);
		const target = want.unmapped[want.unmapped.length - 1];
		await page.click(`[data-unmapped="${target.id}"]`);
		await page.waitForFunction(
			(id) => document.activeElement?.getAttribute('data-sentence') === id,
			target.id
		);
		expect(await page.locator(`[data-sentence="${target.id}"]`).getAttribute('class')).toContain(
			'focused'
		);
		expect(await page.isChecked('[data-testid="unmapped-only"]')).toBe(false);
	});

	it('makes a claim from selected words, anchored to exactly them', async () => {
		const s = essay.sentences.find((x) => x.id === 's20')!;
		const before = await page.evaluate(() => (window as unknown as HookWindow).__warrant.nodeIds());
		const phrase = await selectInSentence(s.id, 4, 48);
		expect(phrase).toBe(s.text.slice(4, 48));
		await page.locator('[data-testid="selection-menu"]').waitFor();
		await page.click('[data-testid="from-text-claim"]');
		const id = await newNodeId(before);
		expect(
			await page.evaluate((n) => (window as unknown as HookWindow).__warrant.nodeText(n), id)
		).toBe(phrase);
		// The new node is selected; the inspector lists its one anchor, the phrase at its offsets.
		await page.waitForFunction(
			(n) => (window as unknown as HookWindow).__warrant.selected().join() === n,
			id
		);
		const anchor = page.locator('[data-testid="anchor-list"] li');
		await expect.poll(() => anchor.count()).toBe(1);
		expect(await anchor.getAttribute('data-exact')).toBe(phrase);
		expect(await anchor.getAttribute('data-sentence-id')).toBe(s.id);
		expect(Number(await anchor.getAttribute('data-start'))).toBe(s.start + 4);
		// Its sentence is highlighted in the essay, the quoted words marked inside it, and the menu
		// is gone.
		await page.waitForFunction(
			(sid) => document.querySelector(`[data-sentence="${sid}"]`)?.classList.contains('anchored'),
			s.id
		);
		const marks = page.locator(`[data-sentence="${s.id}"] mark.quote`);
		await expect.poll(() => marks.allTextContents()).toEqual([phrase]);
		expect(await page.locator(`[data-sentence="${s.id}"]`).textContent()).toBe(s.text);
		expect(await page.locator('[data-testid="selection-menu"]').count()).toBe(0);

		// A selection over two sentences adds two more anchors to the selected node.
		await page.evaluate(
			([a, b]) => {
				// Neither sentence holds a quote of the selected node yet: each is one text node.
				const first = document.querySelector(`[data-sentence="${a}"]`)!.firstChild as Text;
				const second = document.querySelector(`[data-sentence="${b}"]`)!.firstChild as Text;
				const range = document.createRange();
				range.setStart(first, first.length - 10);
				range.setEnd(second, 12);
				document.getSelection()!.removeAllRanges();
				document.getSelection()!.addRange(range);
			},
			['s21', 's22']
		);
		await page.click('[data-testid="add-anchor"]');
		await expect.poll(() => anchor.count()).toBe(3);
		const s21 = essay.sentences.find((x) => x.id === 's21')!;
		const s22 = essay.sentences.find((x) => x.id === 's22')!;
		expect(await anchor.nth(1).getAttribute('data-exact')).toBe(s21.text.slice(-10).trim());
		expect(await anchor.nth(2).getAttribute('data-exact')).toBe(s22.text.slice(0, 12).trim());
		// A quote across two sentences is marked in both.
		await expect
			.poll(() => page.locator('[data-sentence="s21"] mark.quote').allTextContents())
			.toEqual([s21.text.slice(-10).trim()]);
		await expect
			.poll(() => page.locator('[data-sentence="s22"] mark.quote').allTextContents())
			.toEqual([s22.text.slice(0, 12).trim()]);

		// Removing an anchor from the inspector.
		await page.locator('[data-testid="remove-anchor"]').nth(2).click();
		await expect.poll(() => anchor.count()).toBe(2);
	});

	it('lets a mouse drag over a sentence select its words', async () => {
		const before = await selected();
		const el = page.locator('[data-sentence="s3"]');
		await el.scrollIntoViewIfNeeded();
		// The sentence's first line: from near its start, 120 px to the right.
		const first = await el.evaluate((e) => {
			const r = e.getClientRects()[0];
			return { x: r.left, y: r.top + r.height / 2, w: r.width };
		});
		await page.mouse.move(first.x + 3, first.y);
		await page.mouse.down();
		await page.mouse.move(first.x + Math.min(160, first.w - 4), first.y, { steps: 8 });
		await page.mouse.up();
		await page.locator('[data-testid="selection-menu"]').waitFor();
		const text = await page.evaluate(() => document.getSelection()!.toString());
		expect(text.length).toBeGreaterThan(5);
		// Ending a drag is not a click on the sentence: the map's selection did not change.
		expect(await selected()).toBe(before);
		await page.keyboard.press('Escape');
		await page.evaluate(() => document.getSelection()!.removeAllRanges());
		await page.locator('[data-testid="selection-menu"]').waitFor({ state: 'detached' });
	});

	it('highlights a node’s sentences on hover and selection, and a sentence’s nodes', async () => {
		// The thesis is anchored to s1, s5, s20 and s21.
		const thesis = essay.nodes.find((n) => n.id === 'thesis')!;
		const sentences = thesis.anchors.map((a) => a.sentenceId);
		const highlighted = () =>
			page.$$eval('[data-sentence].anchored', (els) =>
				els.map((e) => e.getAttribute('data-sentence'))
			);
		// Nothing selected (a click on the empty map), then the pointer over the thesis.
		const empty = await emptySpot();
		await page.mouse.click(empty.x, empty.y);
		await expect.poll(selected).toBe('');
		await expect.poll(highlighted).toEqual([]);
		const at = await pointOf(page, 'thesis');
		await page.mouse.move(at.x, at.y);
		await expect.poll(highlighted).toEqual(sentences);
		await page.mouse.move(empty.x, empty.y);
		await expect.poll(highlighted).toEqual([]);
		// Selected, they stay highlighted when the pointer leaves.
		await page.mouse.click(at.x, at.y);
		await page.waitForFunction(
			() => (window as unknown as HookWindow).__warrant.selected().join() === 'thesis'
		);
		await page.mouse.move(empty.x, empty.y);
		await expect.poll(highlighted).toEqual(sentences);
		// Brought into view: at least one of them is inside the essay's scroll box.
		await page.waitForFunction((ids) => {
			const pane = document.querySelector('.source')!.getBoundingClientRect();
			return ids.some((id) => {
				const r = document.querySelector(`[data-sentence="${id}"]`)!.getBoundingClientRect();
				return r.bottom > pane.top && r.top < pane.bottom;
			});
		}, sentences);

		// A sentence, chosen with the keyboard: its nodes are selected and marked on the map.
		const s = essay.sentences.find((x) => x.id === 's9')!;
		const anchoredHere = essay.nodes
			.filter((n) => n.anchors.some((a) => a.sentenceId === s.id))
			.map((n) => n.id)
			.sort();
		expect(anchoredHere.length).toBeGreaterThan(0);
		await page.focus(`[data-sentence="${s.id}"]`);
		await page.keyboard.press('Enter');
		await expect.poll(selected).toBe(anchoredHere.join());
		for (const n of anchoredHere)
			expect(
				await page.evaluate(
					(i) => (window as unknown as HookWindow).__warrant.hasClass(i, 'anchored'),
					n
				)
			).toBe(true);
	});

	it('reads and drives the map from the outline with the keyboard', async () => {
		await page.click('[data-testid="tab-outline"]');
		const tree = page.locator('[role="tree"]');
		await tree.waitFor();
		const current = page.locator('[role="treeitem"][tabindex="0"]');
		await current.focus();
		const focusedKey = () =>
			page.evaluate(() => (document.activeElement as HTMLElement).dataset.key);
		// Theses come first.
		await page.keyboard.press('Home');
		await expect.poll(focusedKey).toBe('thesis');
		await page.keyboard.press('ArrowDown');
		const second = await focusedKey();
		expect(second).not.toBe('thesis');
		// The first child of the thesis is its co-premise group: Left closes it, Left again goes up to
		// the thesis, Right goes back in, Right opens the group, Right goes to its first premise.
		expect(second).toBe('thesis/g:paradox');
		await page.keyboard.press('ArrowLeft');
		await expect
			.poll(() => page.getAttribute(`[data-key="${second}"]`, 'aria-expanded'))
			.toBe('false');
		await page.keyboard.press('ArrowLeft');
		await expect.poll(focusedKey).toBe('thesis');
		await page.keyboard.press('ArrowRight');
		await expect.poll(focusedKey).toBe(second);
		await page.keyboard.press('ArrowRight');
		await expect
			.poll(() => page.getAttribute(`[data-key="${second}"]`, 'aria-expanded'))
			.toBe('true');
		await page.keyboard.press('ArrowRight');
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-level')))
			.toBe('3');
		const node = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.node);
		expect(node).toBeTruthy();
		await page.keyboard.press('Enter');
		await expect.poll(selected).toBe(node);
		// Focus stayed in the tree, and the item is marked selected.
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected'))).toBe(
			'true'
		);
		// F2 edits its label in the map's label editor; Esc comes back to the same item.
		const key = await focusedKey();
		await page.keyboard.press('F2');
		await page.locator('[data-testid="label-editor"]').waitFor();
		await page.keyboard.press('Escape');
		await page.locator('[data-testid="label-editor"]').waitFor({ state: 'detached' });
		await expect.poll(focusedKey).toBe(key);
		// Collapse and expand with Left / Right on an item with children.
		await page.keyboard.press('Home');
		await page.keyboard.press('ArrowLeft');
		await expect
			.poll(() => page.getAttribute('[data-key="thesis"]', 'aria-expanded'))
			.toBe('false');
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => page.getAttribute('[data-key="thesis"]', 'aria-expanded')).toBe('true');

		// Canvas → outline: a node selected on the map (here with the map's arrow keys) becomes the
		// outline's current item, marked selected.
		await page.keyboard.press('End');
		const was = await selected();
		await page.locator('[data-testid="map"]').focus();
		for (const key of ['ArrowDown', 'ArrowRight', 'ArrowLeft', 'ArrowUp']) {
			await page.keyboard.press(key);
			if ((await selected()) !== was) break;
		}
		const now = await selected();
		await page.waitForFunction((id) => {
			const item = document.querySelector('[role="treeitem"][tabindex="0"]');
			return item?.getAttribute('data-node') === id && item.getAttribute('data-type') === 'node';
		}, now);
		expect(await page.getAttribute('[role="treeitem"][tabindex="0"]', 'aria-selected')).toBe(
			'true'
		);
	});

	it('finds nodes and sentences, accents and case aside, and jumps there', async () => {
		await page.locator('[data-testid="map"]').focus();
		await page.keyboard.press('/');
		await page.waitForFunction(
			() => document.activeElement?.getAttribute('data-testid') === 'search'
		);
		// "sakerhet" finds the Swedish "säkerhet" sentences; Enter on a sentence jumps to it.
		await page.keyboard.type('SAKERHET');
		const sentenceHits = page.locator('[data-result="sentence"]');
		await expect.poll(() => sentenceHits.count()).toBeGreaterThan(0);
		const sid = await sentenceHits.first().getAttribute('data-id');
		expect(essay.sentences.find((s) => s.id === sid)!.text.toLowerCase()).toContain('säkerhet');
		// Nodes first: move down past them to the first sentence.
		const nodeCount = await page.locator('[data-result="node"]').count();
		for (let i = 0; i < nodeCount; i++) await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await page.waitForFunction(
			(id) => document.querySelector(`[data-sentence="${id}"]`)?.classList.contains('focused'),
			sid
		);

		// A node, by words of its label: Enter selects it on the map.
		const target = essay.nodes.find((n) => n.kind === 'evidence')!;
		const words = target.text.split(/\s+/).slice(0, 3).join(' ').toUpperCase();
		await page.fill('[data-testid="search"]', words);
		const nodeHit = page.locator(`[data-result="node"][data-id="${target.id}"]`);
		await nodeHit.waitFor();
		await nodeHit.click();
		await expect.poll(selected).toBe(target.id);
	});

	it('looks right: the essay map with highlights (screenshot)', async () => {
		// The thesis, chosen through search (a click could land under the inspector).
		await page.fill('[data-testid="search"]', 'paradox defending');
		await page.click('[data-result="node"][data-id="thesis"]');
		await expect.poll(selected).toBe('thesis');
		await page.click('[data-testid="tab-text"]');
		await page.waitForFunction(
			() => document.querySelectorAll('[data-sentence].anchored').length > 0
		);
		await page.mouse.move(0, 0);
		await page.screenshot({ path: join(RESULTS, 'links.png') });
		await page.click('[data-testid="tab-outline"]');
		await page.locator('[role="tree"]').waitFor();
		await page.screenshot({ path: join(RESULTS, 'links-outline.png') });
		expect(errors).toEqual([]);
	});

	it('makes a node from a sentence with the keyboard alone (M on a sentence)', async () => {
		const s = essay.sentences.find((x) => x.id === 's40')!;
		const before = await page.evaluate(() => (window as unknown as HookWindow).__warrant.nodeIds());
		await page.click('[data-testid="tab-text"]');
		const sentence = page.locator('[data-sentence="s40"]');
		await sentence.focus();
		await page.keyboard.press('m');
		const menu = page.locator('[data-testid="selection-menu"]');
		await menu.waitFor();
		// Focus is in the menu; Esc closes it and returns to the sentence.
		await expect
			.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
			.toBe('from-text-thesis');
		await page.keyboard.press('Escape');
		await menu.waitFor({ state: 'detached' });
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sentence'))).toBe(
			's40'
		);
		// Again, then Tab to “Claim” and Enter: a claim of the whole sentence, anchored to it.
		await page.keyboard.press('m');
		await menu.waitFor();
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
			'from-text-claim'
		);
		await page.keyboard.press('Enter');
		const id = await newNodeId(before);
		const hooks = (n: string) =>
			page.evaluate(
				(x) => ({
					text: (window as unknown as HookWindow).__warrant.nodeText(x),
					kind: (window as unknown as HookWindow).__warrant.nodeKind(x)
				}),
				n
			);
		expect(await hooks(id)).toEqual({ text: s.text, kind: 'claim' });
		const anchor = page.locator('[data-testid="anchor-list"] li');
		await expect.poll(() => anchor.count()).toBe(1);
		expect(await anchor.getAttribute('data-sentence-id')).toBe('s40');
		// Delete it again (it is selected), leaving the map as the next test expects it.
		await page.locator('[data-testid="map"]').focus();
		await page.keyboard.press('Delete');
		await expect
			.poll(() => page.evaluate(() => (window as unknown as HookWindow).__warrant.nodeIds().length))
			.toBe(before.length);
		await expect.poll(selected).toBe('');
	});
});
