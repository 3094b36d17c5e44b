/**
 * The one set-up of the end-to-end tests: the real built server (`dist/server.js`, its own temp data
 * dir) and Debian's Chromium for the file, pages in browser contexts of their own that collect every
 * console error and uncaught page error, and the editor's "map ready" wait; and the map gestures
 * every e2e file uses (pointOf, selectNode, addNode, editLabel, drawEdge). Waits are on conditions
 * (a `data-*` flag the page sets on `<body>`, the editor's test hooks), never on sleeps.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '$tests/helpers/browser';
import {
	ROOT_DIR,
	serverHandle,
	startServer,
	type RunningServer,
	type ServerOptions
} from '$tests/helpers/server';

/** Screenshots and downloads that a person may look at after a run. */
export const RESULTS = join(ROOT_DIR, 'test-results');

export const VIEWPORT = { width: 1400, height: 860 };

/**
 * Flags the editor sets on `<body>` once it is usable: `mapReady` when the map is drawn,
 * `highlightsReady` when the essay pane's coverage shading is there too.
 */
export type ReadyFlag = 'mapReady' | 'highlightsReady';

/** Waits until the editor in `page` has set `flag` (the map is drawn and can be used). */
export async function mapReady(
	page: Page,
	flag: ReadyFlag = 'mapReady',
	timeout?: number
): Promise<void> {
	await page.waitForFunction((f) => document.body.dataset[f] === 'true', flag, { timeout });
}

export interface PageOptions {
	viewport?: { width: number; height: number };
	acceptDownloads?: boolean;
	/** Someone who chose their name on an earlier visit: no first-visit name prompt. */
	user?: { id: string; name: string };
	/** Where this page's errors go; the fixture's `errors` unless given. */
	errors?: string[];
	/** Put before each of this page's errors (whose page it was). */
	label?: string;
	/** Console errors that this page is expected to print (not collected). */
	ignore?: RegExp;
	/** Playwright's limit for each action and wait of this page that names none. */
	defaultTimeout?: number;
}

export interface EditorApp {
	/** The file's server; readable from the first test on (see `serverHandle`). */
	server: RunningServer;
	/** The file's Chromium, launched in `beforeAll`. */
	readonly browser: Browser;
	/** Console errors and uncaught errors of every page opened with `newPage` and no `errors`. */
	errors: string[];
	/** A page in a browser context of its own (no shared storage), its errors collected. */
	newPage(opts?: PageOptions): Promise<Page>;
	/** Opens `path` (e.g. `/map/<id>`) in `page` and waits until the editor has set `flag`. */
	openMap(page: Page, path: string, flag?: ReadyFlag, timeout?: number): Promise<Response | null>;
	/** Creates a map of an essay through the HTTP API, as the home page does; returns its id. */
	createMap(title: string, text: string): Promise<string>;
}

/**
 * The end-to-end fixture of one test file: call it once at the top. The server and Chromium start
 * in `beforeAll` (and `test-results/` exists from then on) and stop in `afterAll`.
 */
export function useEditorApp(opts: ServerOptions = {}): EditorApp {
	let running: RunningServer | undefined;
	let browser: Browser | undefined;
	const errors: string[] = [];
	const server = serverHandle(() => running);

	beforeAll(async () => {
		mkdirSync(RESULTS, { recursive: true });
		running = await startServer(opts);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await running?.stop();
		browser = running = undefined;
	});

	const theBrowser = (): Browser => {
		if (!browser) throw new Error('no browser is running: use the fixture inside a test');
		return browser;
	};

	return {
		server,
		get browser() {
			return theBrowser();
		},
		errors,
		async newPage(o = {}) {
			const context = await theBrowser().newContext({
				viewport: o.viewport ?? VIEWPORT,
				acceptDownloads: o.acceptDownloads
			});
			if (o.user)
				await context.addInitScript(
					([id, name]) => {
						if (!localStorage.getItem('warrant:user'))
							localStorage.setItem('warrant:user', JSON.stringify({ id, name, named: true }));
					},
					[o.user.id, o.user.name]
				);
			const page = await context.newPage();
			if (o.defaultTimeout !== undefined) page.setDefaultTimeout(o.defaultTimeout);
			const into = o.errors ?? errors;
			const prefix = o.label === undefined ? '' : `${o.label}: `;
			page.on('console', (m) => {
				if (m.type() === 'error' && !o.ignore?.test(m.text())) into.push(prefix + m.text());
			});
			page.on('pageerror', (e) => into.push(prefix + e.message));
			return page;
		},
		async openMap(page, path, flag = 'mapReady', timeout) {
			const response = await page.goto(`${server.url}${path}`);
			await mapReady(page, flag, timeout);
			return response;
		},
		async createMap(title, text) {
			const res = await fetch(`${server.url}/api/maps`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ title, text, author: 'Test', publication: '', date: '', lang: 'en' })
			});
			expect(res.status).toBeLessThan(300);
			return ((await res.json()) as { id: string }).id;
		}
	};
}

/**
 * The part of the editor's read-only test hooks (`window.__warrant`, controller.ts `testHooks`) that
 * the map gestures below use; typed here, not on the global Window, so test files do not collide.
 */
interface GestureHooks {
	nodeIds(): string[];
	renderedPosition(id: string): { x: number; y: number } | null;
	hasClass(id: string, cls: string): boolean;
	selected(): string[];
}
type HookWindow = Window & { __warrant: GestureHooks };

/** Page coordinates of an element of the map (a node, or the mid node of an edge). */
export async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
	const box = (await page.locator('[data-testid="map"]').boundingBox())!;
	const p = await page.evaluate(
		(i) => (window as unknown as HookWindow).__warrant.renderedPosition(i),
		id
	);
	if (!p) throw new Error(`${id} is not drawn`);
	return { x: box.x + p.x, y: box.y + p.y };
}

/** Whether node `id` is drawn inside the visible map, and not under a panel (legend, inspector). */
const inView = (id: string) => {
	const map = document.querySelector('[data-testid="map"]')!;
	const box = map.getBoundingClientRect();
	const p = (window as unknown as HookWindow).__warrant.renderedPosition(id);
	return !!p && map.contains(document.elementFromPoint(box.x + p.x, box.y + p.y));
};

/** On a narrow screen, where the essay and the map are tabs: shows the map's tab. */
async function showMapPane(page: Page): Promise<void> {
	const tab = page.locator('[data-testid="pane-tab-map"]');
	if ((await tab.isVisible()) && (await tab.getAttribute('aria-selected')) !== 'true')
		await tab.click();
}

/**
 * Clicks node `id` and waits until it is the selection. A node out of view (the first view shows
 * part of a map) or under a panel is brought into view first with Fit.
 */
export async function selectNode(page: Page, id: string): Promise<void> {
	await showMapPane(page);
	if (!(await page.evaluate(inView, id))) {
		await page.locator('[data-testid="map"]').focus();
		await page.keyboard.press('f');
		await page.waitForFunction(inView, id);
	}
	const at = await pointOf(page, id);
	await page.mouse.click(at.x, at.y);
	await page.waitForFunction(
		(n) => (window as unknown as HookWindow).__warrant.selected().join() === n,
		id
	);
}

/**
 * Adds a node of `kind` and types its text; returns its id. With the toolbar's button where it
 * shows; on a phone (the buttons in the overflow menu) with the map's N key, which adds a node of
 * the kind last chosen (a claim unless another was).
 */
export async function addNode(page: Page, text: string, kind = 'claim'): Promise<string> {
	const before = await page.evaluate(() => (window as unknown as HookWindow).__warrant.nodeIds());
	const button = page.locator(`[data-testid="add-${kind}"]`);
	if (await button.isVisible()) await button.click();
	else {
		await showMapPane(page);
		await page.locator('[data-testid="map"]').focus();
		await page.keyboard.press('n');
	}
	const editor = page.locator('[data-testid="label-editor"]');
	await editor.waitFor();
	await page.keyboard.type(text);
	await page.keyboard.press('Enter');
	await editor.waitFor({ state: 'detached' });
	const handle = await page.waitForFunction(
		(ids) =>
			(window as unknown as HookWindow).__warrant.nodeIds().find((id) => !ids.includes(id)) ??
			false,
		before
	);
	return (await handle.jsonValue()) as string;
}

/**
 * Selects node `id` and opens its label editor with the inspector's "Edit text" button, never the
 * E key: a click on a node less than 250 ms after another click on it is a double tap, which opens
 * the editor itself, and an E pressed then is typed into the label.
 */
export async function editLabel(page: Page, id: string): Promise<void> {
	await selectNode(page, id);
	await page.click('[data-testid="edit-label"]');
	await page.locator('[data-testid="label-editor"]').waitFor();
}

/**
 * Drags from a node's edge handle onto a node, or onto the middle of an edge (`{ edge: id }`),
 * waiting until the target is snapped before releasing. The relation chooser opens next.
 */
export async function drawEdge(
	page: Page,
	sourceId: string,
	target: string | { edge: string }
): Promise<void> {
	const from = await pointOf(page, sourceId);
	await page.mouse.move(from.x, from.y);
	const handle = page.locator('[data-testid="edge-handle"]');
	await handle.waitFor();
	const hb = (await handle.boundingBox())!;
	await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
	await page.mouse.down();
	// Drop targets on edges exist only while an edge is drawn: a mid node, or a temporary one.
	const targetId =
		typeof target === 'string'
			? target
			: await page.evaluate(
					(e) =>
						(window as unknown as HookWindow).__warrant.renderedPosition(`mid:${e}`)
							? `mid:${e}`
							: `drop:${e}`,
					target.edge
				);
	const to = await pointOf(page, targetId);
	await page.mouse.move(to.x, to.y, { steps: 12 });
	await page.waitForFunction(
		(t) => (window as unknown as HookWindow).__warrant.hasClass(t, 'eh-target'),
		targetId
	);
	await page.mouse.up();
}

/**
 * Selects characters [from, to) of a sentence in the essay pane. A sentence may be split into
 * several text nodes (the quoted words of a selected node are marked inside it), so the offsets are
 * found by walking its text.
 */
export async function selectSentenceText(
	page: Page,
	sentenceId: string,
	from: number,
	to: number
): Promise<string> {
	return page.evaluate(
		([id, a, b]) => {
			const el = document.querySelector(`[data-sentence="${id}"]`)!;
			el.scrollIntoView({ block: 'center' });
			const at = (offset: number): [Text, number] => {
				const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
				let left = offset;
				for (let t = walk.nextNode() as Text | null; t; t = walk.nextNode() as Text | null) {
					if (left <= t.length) return [t, left];
					left -= t.length;
				}
				throw new Error(`offset ${offset} is past the end of ${id}`);
			};
			const range = document.createRange();
			range.setStart(...at(a));
			range.setEnd(...at(b));
			const sel = document.getSelection()!;
			sel.removeAllRanges();
			sel.addRange(range);
			return range.toString();
		},
		[sentenceId, from, to] as const
	);
}
