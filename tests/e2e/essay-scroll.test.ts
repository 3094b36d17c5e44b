/**
 * The essay pane beside the map, when it scrolls by itself and when it does not: a node the pointer
 * rests on brings its sentences into view; a peer's edit never pulls a reader who scrolled away back
 * to the selection; and the map keeps zooming with the wheel while the essay pane scrolls (cytoscape
 * ignores the wheel for 250 ms after any scroll on the page, the essay's included). The essay's map
 * on the real built server (its own DATA_DIR) and Chromium, two people in two browser contexts.
 * Every wait is on a condition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NodeRecord, Sentence } from '$lib/model/schema';
import { addNode, mapReady, pointOf, selectNode, useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';

interface Hooks {
	nodeIds(): string[];
	shownIds(): string[];
	zoom(): number;
}
type HookWindow = Window & { __warrant: Hooks };

const MAP = 'china-digging-in';
const essay = JSON.parse(readFileSync(join(ROOT_DIR, 'maps', `${MAP}.json`), 'utf8')) as {
	sentences: Sentence[];
	nodes: NodeRecord[];
};
const order = new Map(essay.sentences.map((s, i) => [s.id, i]));
/** Nodes anchored only to sentences of the essay's second half (out of view with the pane at its top). */
const late = essay.nodes.filter(
	(n) =>
		n.anchors.length > 0 &&
		n.anchors.every((a) => (order.get(a.sentenceId) ?? 0) > essay.sentences.length / 2)
);

const app = useEditorApp();
let ada: Page;
let bea: Page;

beforeAll(async () => {
	ada = await app.newPage({ user: { id: 'ada', name: 'Ada' }, defaultTimeout: 10_000 });
	bea = await app.newPage({ user: { id: 'bea', name: 'Bea' }, defaultTimeout: 10_000 });
	for (const p of [ada, bea]) {
		await p.goto(`${app.server.url}/map/${MAP}`);
		await mapReady(p, 'highlightsReady', 30_000);
	}
	// The essay's map opens folded to its main lines: every node drawn, so every node can be chosen.
	await ada.locator('[data-testid="unfold-all"]').click();
	await ada.waitForFunction(() => {
		const w = (window as unknown as HookWindow).__warrant;
		return w.shownIds().length === w.nodeIds().length;
	});
});

/** Resolves once the essay pane has kept one scroll position for 5 frames (a smooth scroll ended). */
const paneStill = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<void>((done) => {
				const pane = document.querySelector('.source')!;
				let last = -1;
				let same = 0;
				const step = () => {
					same = pane.scrollTop === last ? same + 1 : 0;
					last = pane.scrollTop;
					if (same >= 5) done();
					else requestAnimationFrame(step);
				};
				step();
			})
	);

/** Scrolls the essay pane to its top, once any smooth scroll has ended, and waits until it is there. */
async function essayToTop(page: Page): Promise<void> {
	await paneStill(page);
	await page.evaluate(() => document.querySelector('.source')!.scrollTo({ top: 0 }));
	await page.waitForFunction(() => document.querySelector('.source')!.scrollTop === 0);
	await paneStill(page);
}

/** Whether one of the sentences `ids` is inside the essay pane's box. */
const anyVisible = (ids: string[]) => {
	const pane = document.querySelector('.source')!.getBoundingClientRect();
	return ids.some((id) => {
		const r = document.querySelector(`[data-sentence="${id}"]`)!.getBoundingClientRect();
		return r.bottom > pane.top && r.top < pane.bottom;
	});
};

/** Resolves after `n` animation frames of the page (time for a scroll to have started). */
const frames = (page: Page, n: number) =>
	page.evaluate(
		(k) =>
			new Promise<void>((done) => {
				const step = (left: number) =>
					left === 0 ? done() : requestAnimationFrame(() => step(left - 1));
				step(k);
			}),
		n
	);

/**
 * Selects node `id` on Ada's page, waits until the selection has brought `ids` (its sentences) into
 * view, then moves the pointer off the map and the essay pane back to its top: Ada reads elsewhere.
 */
async function selectThenReadElsewhere(id: string, ids: string[]): Promise<void> {
	await selectNode(ada, id);
	await ada.waitForFunction(anyVisible, ids);
	await ada.mouse.move(2, 2);
	await essayToTop(ada);
}

describe('the essay pane beside the map', () => {
	it('has nodes anchored only in the second half of the essay to work with', () => {
		expect(late.length).toBeGreaterThan(1);
	});

	it('brings a node’s sentences into view when the pointer rests on it', async () => {
		const node = late[0];
		const ids = node.anchors.map((a) => a.sentenceId);
		// Selected, the pane scrolls to them; from the top again, only the hover can bring them.
		await selectThenReadElsewhere(node.id, ids);
		expect(await ada.evaluate(anyVisible, ids)).toBe(false);
		const at = await pointOf(ada, node.id);
		await ada.mouse.move(at.x, at.y);
		await ada.waitForFunction(anyVisible, ids);
	});

	it('keeps the reader’s place when a peer edits while a node is selected', async () => {
		const node = late[1];
		const ids = node.anchors.map((a) => a.sentenceId);
		await selectThenReadElsewhere(node.id, ids);
		await ada.evaluate(() => {
			const w = window as unknown as { scrolls: unknown[] };
			w.scrolls = [];
			const pane = document.querySelector('.source')!;
			pane.addEventListener('scroll', () => w.scrolls.push([performance.now(), pane.scrollTop]));
		});
		const count = (await ada.evaluate(() => (window as unknown as HookWindow).__warrant.nodeIds()))
			.length;
		await addNode(bea, 'Bea adds a claim while Ada reads');
		await ada.waitForFunction(
			(n) => (window as unknown as HookWindow).__warrant.nodeIds().length === n + 1,
			count
		);
		await frames(ada, 10);
		expect(await ada.evaluate(() => (window as unknown as { scrolls: unknown[] }).scrolls)).toEqual(
			[]
		);
		expect(await ada.evaluate(() => document.querySelector('.source')!.scrollTop)).toBe(0);
		// Choosing another node is a change of selection, and brings its sentences into view.
		await selectNode(ada, late[0].id);
		await ada.waitForFunction(
			anyVisible,
			late[0].anchors.map((a) => a.sentenceId)
		);
	});

	it('zooms the map with the wheel while the essay pane scrolls', async () => {
		const zoomed = await ada.evaluate(async () => {
			const w = (window as unknown as HookWindow).__warrant;
			const pane = document.querySelector('.source')!;
			// The essay scrolls; the wheel turns over the map in the same moment as its scroll event.
			await new Promise<void>((done) => {
				pane.addEventListener('scroll', () => done(), { once: true });
				pane.scrollBy({ top: 120 });
			});
			const map = document.querySelector('[data-testid="map"]')!;
			const box = map.getBoundingClientRect();
			const before = w.zoom();
			const target = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)!;
			target.dispatchEvent(
				new WheelEvent('wheel', {
					deltaY: -120,
					clientX: box.x + box.width / 2,
					clientY: box.y + box.height / 2,
					bubbles: true,
					cancelable: true
				})
			);
			return { before, after: w.zoom() };
		});
		expect(zoomed.after).toBeGreaterThan(zoomed.before);
	});
});
