/**
 * The map reads at first sight (issue 11, section 3), end to end on the essay map (87 nodes) with
 * the built server and Chromium: labels never drawn below 11 px (measured from cytoscape's styles ×
 * zoom), the first view folded to the main lines with the named nodes fully on screen, Fit, folding
 * kept per person (two contexts), the layout's crossings as drawn, and the legend and inspector
 * never covering the selected node. Screenshots at 1440, 1024 and 390 px go to test-results/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseMapFileText } from '$lib/model/mapfile';
import { countCrossings } from '$lib/drawing/crossings';
import { layoutMap } from '$lib/drawing/layout-map';
import { NO_LABEL_ZOOM } from '$lib/drawing/level-of-detail';
import { nodeBox } from '../../scripts/essay/layout';
import { RESULTS, useEditorApp } from '$tests/e2e/fixture';
import { setPositions } from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import { generateDoc, gridPositions } from '$lib/drawing/testing/generate';
import { MOTION_PICTURE_MIN_ELEMENTS } from '$lib/drawing/level-of-detail';

interface Box {
	x1: number;
	y1: number;
	x2: number;
	y2: number;
}
interface Hooks {
	nodeIds(): string[];
	shownIds(): string[];
	folded(): string[];
	arranged(): boolean;
	zoom(): number;
	selected(): string[];
	position(id: string): { x: number; y: number } | null;
	labels(ids?: string[]): { smallestPx: number | null; labelled: number };
	box(id: string): Box | null;
	movesAsPicture(): boolean;
	renderedPosition(id: string): { x: number; y: number } | null;
}
/** The editor's test hooks (`EditorController.testHooks`), as this file uses them. */
type Win = { __warrant: Hooks };

const app = useEditorApp();
const ESSAY = '/map/china-digging-in';
const MAIN = ['thesis', 'm-home', 'm-abroad', 'm-backlash', 'p-respond'];
const user = { id: 'u-view', name: 'Reader' };

const hooks = <T>(page: Page, fn: (w: Hooks) => T) =>
	page.evaluate(`(${fn.toString()})(window.__warrant)`) as Promise<T>;

/** Which nodes are fully inside the map pane, and the smallest label drawn on screen. */
async function onScreen(page: Page) {
	return page.evaluate(() => {
		const w = (window as unknown as Win).__warrant;
		// The part of the map pane inside the window (a narrow window may cut the pane).
		const pane = document.querySelector('[data-testid="map"]')!.getBoundingClientRect();
		const right = Math.min(pane.width, window.innerWidth - pane.left);
		const bottom = Math.min(pane.height, window.innerHeight - pane.top);
		const shown = w.shownIds();
		const fully = shown.filter((id) => {
			const b = w.box(id)!;
			return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= right && b.y2 <= bottom;
		});
		return { shown, fully, labels: w.labels(), zoom: w.zoom() };
	});
}

/** Waits until the view has settled after a key (zoom or fold changes are applied in frames). */
async function settled(page: Page) {
	await page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
}

const shot = (page: Page, name: string) =>
	page.screenshot({ path: join(RESULTS, `map-view-${name}.png`) });

describe('the essay map at first sight', () => {
	for (const width of [1440, 1024, 390]) {
		it(`opens folded to its main lines, labels ≥ 11 px, at ${width} px`, async () => {
			const page = await app.newPage({ viewport: { width, height: 900 }, user });
			await app.openMap(page, ESSAY);
			await settled(page);
			const first = await onScreen(page);
			// Every node in view draws a label, none below 11 px.
			expect(first.labels.labelled).toBe(first.shown.length);
			expect(first.labels.smallestPx).toBeGreaterThanOrEqual(11);
			expect(first.shown.length).toBeLessThan(20);
			expect(await hooks(page, (w) => w.arranged())).toBe(true);
			// (At 390 px the essay and the map are tabs, the map shown first.)
			for (const id of MAIN) expect(first.fully).toContain(id);
			await shot(page, `first-${width}`);

			await page.locator('[data-testid="map"]').focus();
			await page.keyboard.press('f');
			await settled(page);
			const fit = await onScreen(page);
			expect(fit.labels.labelled).toBe(fit.shown.length);
			expect(fit.labels.smallestPx).toBeGreaterThanOrEqual(11);
			// Fit shows every node in view whole.
			expect(fit.fully.sort()).toEqual([...fit.shown].sort());
			await shot(page, `fit-${width}`);

			// Everything unfolded and fitted: all 87 nodes, each still labelled, none below 11 px.
			await page.locator('[data-testid="unfold-all"]').click();
			await page.waitForFunction(
				() => (window as unknown as Win).__warrant.shownIds().length === 87
			);
			await settled(page);
			const all = await onScreen(page);
			// (Below zoom 0.1, as in the 390 px window's sliver of a pane, no word fits a box at 11 px:
			// then no label at all, never a smaller one.)
			if (all.zoom >= NO_LABEL_ZOOM) {
				expect(all.labels.labelled).toBe(87);
				expect(all.labels.smallestPx).toBeGreaterThanOrEqual(11);
			} else expect(all.labels).toEqual({ labelled: 0, smallestPx: null });
			expect(all.fully.length).toBe(87);
			await shot(page, `fit-unfolded-${width}`);

			// A folded branch: fold the thesis's second support, its badge counts what went.
			await page.locator('[data-testid="map"]').focus();
			// Select through the search, as a person would.
			await page.keyboard.press('/');
			await page.keyboard.type('China projects its security concept abroad');
			await page.keyboard.press('Enter');
			await page.waitForFunction(() =>
				(window as unknown as Win).__warrant.selected().includes('m-abroad')
			);
			await page.locator('[data-testid="fold-toggle"]').click();
			const badge = page.locator('[data-testid="fold-badge"][data-node="m-abroad"]');
			await badge.waitFor();
			const hidden = 87 - (await hooks(page, (w) => w.shownIds().length));
			expect(await badge.textContent()).toBe(`+${hidden}`);
			expect(hidden).toBeGreaterThan(5);
			await settled(page);
			await shot(page, `folded-branch-${width}`);
			expect(app.errors).toEqual([]);
			await page.context().close();
		});
	}
});

describe('folding', () => {
	it('is kept per person: a second context keeps its own folds, and a reload keeps mine', async () => {
		const a = await app.newPage({ user, label: 'a' });
		const b = await app.newPage({ user: { id: 'u-other', name: 'Other' }, label: 'b' });
		await Promise.all([app.openMap(a, ESSAY), app.openMap(b, ESSAY)]);
		expect(await hooks(a, (w) => w.folded())).toContain('m-abroad');
		// A unfolds m-abroad with its badge.
		const shownBefore = await hooks(a, (w) => w.shownIds().length);
		await a.locator('[data-testid="fold-badge"][data-node="m-abroad"]').click();
		await a.waitForFunction(
			(n) => (window as unknown as Win).__warrant.shownIds().length > n,
			shownBefore
		);
		expect(await hooks(a, (w) => w.folded())).not.toContain('m-abroad');
		// B, on the same map at the same time, still has it folded and sees what it saw.
		await settled(b);
		expect(await hooks(b, (w) => w.folded())).toContain('m-abroad');
		expect(await hooks(b, (w) => w.shownIds().length)).toBe(shownBefore);
		// The stored positions (the document) did not move: B's picture of m-abroad's position
		// unfolded equals A's.
		await b.locator('[data-testid="unfold-all"]').click();
		await a.locator('[data-testid="unfold-all"]').click();
		await a.waitForFunction(() => !(window as unknown as Win).__warrant.arranged());
		await b.waitForFunction(() => !(window as unknown as Win).__warrant.arranged());
		const pa = await hooks(a, (w) => w.position('m-abroad'));
		const pb = await hooks(b, (w) => w.position('m-abroad'));
		expect(pa).toEqual(pb);
		// A folds the thesis's branch; after a reload A still has exactly that, B still nothing.
		await a.locator('[data-testid="fold-main-lines"]').waitFor();
		await a.locator('[data-testid="search"]').fill('Xi’s paradox');
		await a.keyboard.press('Enter');
		await a.waitForFunction(() =>
			(window as unknown as Win).__warrant.selected().includes('thesis')
		);
		await a.locator('[data-testid="map"]').focus();
		await a.keyboard.press('b');
		await a.waitForFunction(() => (window as unknown as Win).__warrant.folded().includes('thesis'));
		await a.reload();
		await a.waitForFunction(() => document.body.dataset.mapReady === 'true');
		expect(await hooks(a, (w) => w.folded())).toEqual(['thesis']);
		await b.reload();
		await b.waitForFunction(() => document.body.dataset.mapReady === 'true');
		expect(await hooks(b, (w) => w.folded())).toEqual([]);
		// Nothing of it is in the document: a third person gets the default folds.
		const c = await app.newPage({ user: { id: 'u-third', name: 'Third' }, label: 'c' });
		await app.openMap(c, ESSAY);
		expect(await hooks(c, (w) => w.folded())).toContain('m-abroad');
		expect(app.errors).toEqual([]);
		for (const p of [a, b, c]) await p.context().close();
	});
});

describe('moving a large map', () => {
	it('pans and zooms as a picture while much of the map is drawn, sharp while folded', async () => {
		// 1,000 generated nodes on a grid: over MOTION_PICTURE_MIN_ELEMENTS with their edges.
		const doc = generateDoc(1000, 3);
		setPositions(doc, gridPositions(readMap(doc)), null);
		const { id: _id, ...file } = docToFile(doc);
		const res = await fetch(`${app.server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(file)
		});
		expect(res.status).toBe(201);
		const { id } = (await res.json()) as { id: string };
		const page = await app.newPage({ user });
		await app.openMap(page, `/map/${id}`, 'mapReady', 60_000);
		// Opened folded to its main lines: few elements, drawn sharp on every frame of a gesture.
		const shown = await hooks(page, (w) => w.shownIds().length);
		expect(shown).toBeLessThan(MOTION_PICTURE_MIN_ELEMENTS / 2);
		expect(await hooks(page, (w) => w.movesAsPicture())).toBe(false);
		await page.locator('[data-testid="unfold-all"]').click();
		await page.waitForFunction(
			() => (window as unknown as Win).__warrant.shownIds().length === 1000,
			null,
			{ timeout: 60_000 }
		);
		expect(await hooks(page, (w) => w.movesAsPicture())).toBe(true);
		// A drag from the background pans the view and moves no node (the document stays as it was).
		const someId = (await hooks(page, (w) => w.nodeIds()))[0];
		const at = (rendered: boolean) =>
			page.evaluate(
				([i, r]) => {
					const hk = (window as unknown as Win).__warrant;
					return r ? hk.renderedPosition(i as string) : hk.position(i as string);
				},
				[someId, rendered] as const
			);
		const before = await at(false);
		const pane = (await page.locator('[data-testid="map"]').boundingBox())!;
		const spot = await page.evaluate(
			({ x0, y0, w, h }) => {
				const hk = (window as unknown as Win).__warrant;
				const boxes = hk.shownIds().map((i) => hk.box(i)!);
				const map = document.querySelector('[data-testid="map"]')!;
				// Background of the canvas: no node there, and no panel over it.
				for (let y = h / 3; y < h - 20; y += 3)
					for (let x = w / 4; x < w / 2; x += 3)
						if (
							!boxes.some((b) => x > b.x1 - 8 && x < b.x2 + 8 && y > b.y1 - 8 && y < b.y2 + 8) &&
							map.contains(document.elementFromPoint(x0 + x, y0 + y))
						)
							return { x: x0 + x, y: y0 + y };
				return null;
			},
			{ x0: pane.x, y0: pane.y, w: pane.width, h: pane.height }
		);
		expect(spot).not.toBeNull();
		const from = await at(true);
		await page.mouse.move(spot!.x, spot!.y);
		await page.mouse.down();
		for (let i = 1; i <= 10; i++) await page.mouse.move(spot!.x + 8 * i, spot!.y + 4 * i);
		await page.mouse.up();
		await settled(page);
		const to = await at(true);
		expect(to!.x - from!.x).toBeCloseTo(80, 0);
		expect(to!.y - from!.y).toBeCloseTo(40, 0);
		expect(await at(false)).toEqual(before);
		// Folded again to its main lines: sharp again.
		await page.locator('[data-testid="fold-main-lines"]').click();
		await page.waitForFunction(() => !(window as unknown as Win).__warrant.movesAsPicture());
		expect(app.errors).toEqual([]);
		await page.context().close();
	});
});

describe('zooming with the wheel', () => {
	it('gives the labels the band of the zoom reached once the gesture ends', async () => {
		const page = await app.newPage({ user });
		await app.openMap(page, ESSAY);
		await page.locator('[data-testid="unfold-all"]').click();
		await page.waitForFunction(() => (window as unknown as Win).__warrant.shownIds().length === 87);
		await settled(page);
		const before = await hooks(page, (w) => w.zoom());
		const pane = (await page.locator('[data-testid="map"]').boundingBox())!;
		await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
		await page.mouse.wheel(0, 120);
		await page.waitForFunction((z) => (window as unknown as Win).__warrant.zoom() < z, before);
		const zoom = await hooks(page, (w) => w.zoom());
		expect(zoom).toBeGreaterThanOrEqual(NO_LABEL_ZOOM);
		// Once the gesture has ended every node in view has a label again, none below 11 px.
		await page.waitForFunction(
			() => (window as unknown as Win).__warrant.labels().labelled === 87,
			null,
			{ timeout: 10_000 }
		);
		const labels = await hooks(page, (w) => w.labels());
		expect(labels.smallestPx).toBeGreaterThanOrEqual(11);
		expect(app.errors).toEqual([]);
		await page.context().close();
	});
});

describe('layout', () => {
	it('draws the essay map with fewer crossings than the plain dagre layout', async () => {
		const page = await app.newPage({ user });
		await app.openMap(page, ESSAY);
		await page.locator('[data-testid="unfold-all"]').click();
		await page.waitForFunction(() => !(window as unknown as Win).__warrant.arranged());
		const ids = await hooks(page, (w) => w.nodeIds());
		const drawn = new Map<string, { x: number; y: number }>();
		for (const id of ids) {
			const p = await page.evaluate((i) => (window as unknown as Win).__warrant.position(i), id);
			drawn.set(id, p!);
		}
		const parsed = parseMapFileText(readFileSync('maps/china-digging-in.json', 'utf8'));
		if (!parsed.ok) throw new Error(parsed.error);
		const m = parsed.value;
		const pointing = new Set(m.edges.map((e) => e.from));
		const boxes = m.nodes.map((n) => {
			const b = nodeBox(n.text, n.kind);
			return { id: n.id, w: b.width, h: b.height };
		});
		const top = m.nodes.filter((n) => !pointing.has(n.id)).map((n) => n.id);
		const plain = countCrossings(layoutMap(boxes, m.edges, { top, untangle: false }), m.edges);
		const onScreenCrossings = countCrossings(drawn, m.edges);
		expect(onScreenCrossings).toBeLessThan(plain * 0.7);
		await page.context().close();
	});
});

describe('legend and inspector', () => {
	it('explain every mark, and never cover the selected node', async () => {
		const page = await app.newPage({ user });
		await app.openMap(page, ESSAY);
		const legend = page.locator('[data-testid="legend"]');
		const text = ((await legend.textContent()) ?? '').replace(/\s+/g, ' ');
		for (const words of [
			'Thesis',
			'Supports',
			'Undercuts',
			'Co-premises',
			'each group has its own colour',
			'Selected',
			'Anchored to the sentence',
			'Folded branch',
			'first words',
			'Someone else’s selection',
			'comment',
			'Votes'
		])
			expect(text).toContain(words);
		// Put the thesis under the legend by dragging the background, then select it by search.
		const pane = (await page.locator('[data-testid="map"]').boundingBox())!;
		const lb = (await legend.boundingBox())!;
		const t = (await hooks(page, (w) => w.box('thesis')))!;
		const from = { x: pane.x + pane.width - 30, y: pane.y + pane.height - 30 };
		const dx = lb.x + 40 - (pane.x + t.x1);
		const dy = lb.y + 40 - (pane.y + t.y1);
		await page.mouse.move(from.x, from.y);
		await page.mouse.down();
		await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 4 });
		await page.mouse.move(from.x + dx, from.y + dy, { steps: 4 });
		await page.mouse.up();
		const overlap = (a: Box, b: { x: number; y: number; width: number; height: number }) =>
			a.x1 < b.x + b.width && a.x2 > b.x && a.y1 < b.y + b.height && a.y2 > b.y;
		const under = (await hooks(page, (w) => w.box('thesis')))!;
		const toPage = (b: Box) => ({
			x1: b.x1 + pane.x,
			y1: b.y1 + pane.y,
			x2: b.x2 + pane.x,
			y2: b.y2 + pane.y
		});
		expect(overlap(toPage(under), lb)).toBe(true);
		await page.locator('[data-testid="search"]').fill('Xi’s paradox');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() =>
			(window as unknown as Win).__warrant.selected().includes('thesis')
		);
		const inspector = page.locator('aside.inspector');
		await inspector.waitFor();
		await page.waitForFunction(() => {
			const b = (window as unknown as Win).__warrant.box('thesis')!;
			const c = document.querySelector('[data-testid="map"]')!.getBoundingClientRect();
			return [...document.querySelectorAll('[data-map-panel]')].every((el) => {
				const r = el.getBoundingClientRect();
				return (
					b.x2 + c.left <= r.left ||
					b.x1 + c.left >= r.right ||
					b.y2 + c.top <= r.top ||
					b.y1 + c.top >= r.bottom
				);
			});
		});
		const after = toPage((await hooks(page, (w) => w.box('thesis')))!);
		expect(overlap(after, (await legend.boundingBox())!)).toBe(false);
		expect(overlap(after, (await inspector.boundingBox())!)).toBe(false);
		await shot(page, 'selected-clear-1440');
		expect(app.errors).toEqual([]);
		await page.context().close();
	});
});
