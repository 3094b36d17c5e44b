/**
 * Sharing never strands anyone, and the view link looks view-only (issue 11, sections 1 and 6), end
 * to end: the real built server and Debian's Chromium, three people in browser contexts of their own
 * at 1440, 1024 and 390 px wide. Opening Share changes nothing; protecting keeps everyone on the map
 * editing (and tells them who protected it), also after a reload; a newcomer without a link is told
 * why, without the problems of a document it could not load; replacing the links stops the others'
 * pages for good with a notice in words, keeps unsent changes counted and downloadable as a map
 * file; the home page marks protected maps; the view link's page disables what would change the map.
 * Screenshots of every screen at three widths go to test-results/share-*.png. Waits are on
 * conditions, never sleeps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MapFile } from '$lib/model/mapfile';
import { axeViolations, describeViolations } from '$tests/e2e/axe';
import { RESULTS, addNode, selectNode, useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';

interface Hooks {
	nodeIds(): string[];
	nodeText(id: string): string | null;
	position(id: string): { x: number; y: number } | null;
	edgeDrawing(): boolean;
}
interface CollabHooks {
	link(): { state: string; pending: number };
	people(): string[];
	setOnline(online: boolean): void;
}
type W = Window & { __warrant: Hooks; __warrantCollab: CollabHooks };

const WIDTHS = [
	{ width: 1440, height: 900 },
	{ width: 1024, height: 768 },
	{ width: 390, height: 844 }
] as const;

const app = useEditorApp();
const { server, errors } = app;

/**
 * Console noise these pages are expected to print: refused requests (403/401: a page asking with a
 * link that stopped working), and the websocket of a page that went offline or was refused.
 */
const EXPECTED = /ERR_INTERNET_DISCONNECTED|WebSocket|status of 40[13]/;

interface Person {
	name: string;
	page: Page;
	/** Websockets this page opened to the map, counted (a reconnect loop would keep adding). */
	sockets: () => number;
}

async function person(name: string, viewport: { width: number; height: number }): Promise<Person> {
	const page = await app.newPage({
		label: name,
		viewport,
		ignore: EXPECTED,
		acceptDownloads: true,
		defaultTimeout: 20_000,
		user: { id: `id-${name.toLowerCase()}-0001`, name }
	});
	let sockets = 0;
	page.on('websocket', (ws) => {
		if (ws.url().includes('/yjs/')) sockets++;
	});
	return { name, page, sockets: () => sockets };
}

/**
 * The page's requests for the map's state (`/api/maps/<id>/state`), with the participant key each
 * presented, from now on: none when the page's HTML carried the state (the link admits it).
 */
function stateRequests(page: Page): Array<{ status: Promise<number>; participant?: string }> {
	const seen: Array<{ status: Promise<number>; participant?: string }> = [];
	page.on('request', (r) => {
		if (!new URL(r.url()).pathname.endsWith('/state')) return;
		seen.push({
			status: r.response().then((res) => res?.status() ?? 0),
			participant: r.headers()['x-warrant-participant']
		});
	});
	return seen;
}

async function openMap(page: Page, path: string): Promise<void> {
	await app.openMap(page, path, 'mapReady', 30_000);
	await page.waitForFunction(() => !!(window as unknown as W).__warrantCollab);
}

const live = (page: Page) =>
	page.waitForFunction(() => (window as unknown as W).__warrantCollab.link().state === 'connected');

const nodeIds = (page: Page) => page.evaluate(() => (window as unknown as W).__warrant.nodeIds());

const hasNode = (page: Page, text: string) =>
	page.waitForFunction((t) => {
		const h = (window as unknown as W).__warrant;
		return h.nodeIds().some((id) => h.nodeText(id) === t);
	}, text);

/** The page at each of the three widths, saved as test-results/share-<name>-<width>.png. */
async function shots(page: Page, name: string): Promise<void> {
	const original = page.viewportSize();
	for (const size of WIDTHS) {
		await page.setViewportSize(size);
		await page.screenshot({ path: join(RESULTS, `share-${name}-${size.width}.png`) });
	}
	if (original) await page.setViewportSize(original);
}

/** axe-core's violations on the page as it is now, described (empty when there are none). */
const axe = async (page: Page) => describeViolations(await axeViolations(page));

async function accessOf(mapId: string): Promise<unknown> {
	return (await fetch(`${server.url}/api/maps/${mapId}/access`)).json();
}

describe('sharing a map in a seminar', () => {
	let mapId: string;
	let ada: Person;
	let bea: Person;
	let cy: Person;
	let editPath = '';

	it(
		'opening Share changes nothing; protecting keeps everyone editing and tells them who did it',
		{ timeout: 180_000 },
		async () => {
			mapId = await app.createMap(
				'Seminar on sharing',
				'Seminars argue. Maps help them.\nEveryone sees the same map.'
			);
			[ada, bea, cy] = await Promise.all([
				person('Ada', WIDTHS[0]),
				person('Bea', WIDTHS[1]),
				person('Cy', WIDTHS[2])
			]);
			await Promise.all([ada, bea, cy].map((p) => openMap(p.page, `/map/${mapId}`)));
			await ada.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.people().length === 3
			);
			await addNode(ada.page, 'Before protecting');

			// Opening the dialog says what protecting would do, and changes nothing.
			await ada.page.click('[data-testid="share-button"]');
			const open = ada.page.locator('[data-testid="share-open"]');
			await open.waitFor();
			expect(await ada.page.locator('[data-testid="share-who-keeps"]').textContent()).toMatch(
				/You and the 2 others on the map now keep editing, without a link/
			);
			expect(await accessOf(mapId)).toEqual({ protected: false, role: 'editor', via: 'open' });
			expect(await ada.page.locator('[data-testid="share-edit-url"]').count()).toBe(0);
			await shots(ada.page, 'dialog-open');
			expect(await axe(ada.page)).toEqual([]);
			for (const p of [bea, cy]) await live(p.page);

			// Protecting: the links appear for Ada; Bea and Cy are told, and never disconnected.
			const socketsBefore = [bea.sockets(), cy.sockets()];
			await ada.page.click('[data-testid="share-protect"]');
			const editInput = ada.page.locator('[data-testid="share-edit-url"]');
			await editInput.waitFor();
			const editUrl = await editInput.inputValue();
			editPath = new URL(editUrl).pathname + new URL(editUrl).search;
			expect(await accessOf(mapId)).toMatchObject({ reason: 'token-required' });
			await shots(ada.page, 'dialog-links');
			await ada.page.click('[data-testid="share-dialog"] button.primary');
			await ada.page.waitForURL(/\?token=/);
			for (const p of [bea, cy]) {
				const notice = p.page.locator('[data-testid="protected-notice"]');
				await notice.waitFor();
				expect(await notice.textContent()).toContain('Ada protected this map.');
				expect(await notice.textContent()).toContain('You keep editing as before');
			}
			await shots(bea.page, 'protected-notice');
			expect(await axe(bea.page)).toEqual([]);
			expect([bea.sockets(), cy.sockets()]).toEqual(socketsBefore);
			for (const p of [ada, bea, cy]) await live(p.page);

			// Everyone keeps editing, and sees the others' edits.
			await addNode(bea.page, 'Bea after protecting');
			await addNode(cy.page, 'Cy after protecting');
			for (const p of [ada, bea, cy]) {
				await hasNode(p.page, 'Bea after protecting');
				await hasNode(p.page, 'Cy after protecting');
			}
			await bea.page.click('[data-testid="protected-notice-ok"]');
			await bea.page.locator('[data-testid="protected-notice"]').waitFor({ state: 'detached' });

			// A grant shows no links: Bea's Share says whom to ask.
			await bea.page.click('[data-testid="share-button"]');
			expect(await bea.page.locator('[data-testid="share-ask"]').textContent()).toMatch(
				/You keep editing because you were on it when it was protected\s+by Ada/
			);
			expect(await bea.page.locator('[data-testid="share-edit-url"]').count()).toBe(0);
			await bea.page.click('[data-testid="share-dialog"] button.primary');

			// Bea reloads without any link in the address: still an editor. Her grant is proved by her
			// participant key, which only her browser holds: the page's HTML had no state for her, and
			// the page asked /state with the key.
			const beaAsks = stateRequests(bea.page);
			await bea.page.reload();
			await app.openMap(bea.page, `/map/${mapId}`);
			await live(bea.page);
			expect(beaAsks).toHaveLength(1);
			expect(await beaAsks[0].status).toBe(200);
			expect(beaAsks[0].participant).toMatch(/^[0-9a-f]{48}$/);
			await addNode(bea.page, 'Bea after reloading');
			await hasNode(ada.page, 'Bea after reloading');
			expect(errors).toEqual([]);
		}
	);

	it(
		'a newcomer without a link is told why, with no schema errors or endless loading; the list marks the map',
		{ timeout: 90_000 },
		async () => {
			const dan = await person('Dan', WIDTHS[0]);
			const danAsks = stateRequests(dan.page);
			await dan.page.goto(`${server.url}/map/${mapId}`);
			const refused = dan.page.locator('[data-testid="access-refused"]');
			await refused.waitFor();
			expect(await refused.textContent()).toContain('This map is protected');
			expect(await refused.textContent()).toContain('open it with the link you were given');
			await dan.page.locator('[data-testid="no-essay"]').waitFor();
			expect(await dan.page.locator('[data-testid="problems-badge"]').count()).toBe(0);
			expect(await dan.page.content()).not.toMatch(/schema|Invalid input|Loading the source text/);
			expect(await dan.page.locator('[data-testid="connection-status"]').textContent()).toContain(
				'Not admitted'
			);
			// Nothing of the map reached the page: not in its HTML (which carried no state; the page
			// asked /state and was refused), not since.
			expect(danAsks).toHaveLength(1);
			expect(await danAsks[0].status).toBe(403);
			expect(await dan.page.content()).not.toContain('Before protecting');
			await shots(dan.page, 'refused');
			expect(await axe(dan.page)).toEqual([]);

			await dan.page.goto(`${server.url}/`);
			const row = dan.page.locator(`li[data-map="${mapId}"]`);
			await row.locator('[data-testid="map-protected"]').waitFor();
			expect(await row.getAttribute('data-protected')).toBe('true');
			expect(
				await dan.page
					.locator(`li[data-map="sample-sunday-libraries"] [data-testid="map-protected"]`)
					.count()
			).toBe(0);
			await dan.page.screenshot({ path: join(RESULTS, 'share-home-1440.png') });
			expect(errors).toEqual([]);
		}
	);

	it(
		'replacing the links stops the others for good, in words; unsent changes stay counted and download as a map file',
		{ timeout: 180_000 },
		async () => {
			// Bea is offline and makes a change that cannot be sent.
			await bea.page.evaluate(() => (window as unknown as W).__warrantCollab.setOnline(false));
			await bea.page.context().setOffline(true);
			await bea.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.link().state === 'offline'
			);
			await addNode(bea.page, 'Unsent idea');
			await hasNode(bea.page, 'Unsent idea');
			await bea.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.link().pending > 0
			);

			// Ada replaces the links, after a confirmation that says what happens.
			await ada.page.click('[data-testid="share-button"]');
			const editInput = ada.page.locator('[data-testid="share-edit-url"]');
			await editInput.waitFor();
			expect(new URL(await editInput.inputValue()).search).toBe(
				new URL(server.url + editPath).search
			);
			await ada.page.click('[data-testid="share-replace"]');
			expect(await ada.page.locator('[data-testid="share-confirm"]').textContent()).toMatch(
				/old links stop working at once.*loses access/s
			);
			await shots(ada.page, 'dialog-replace');
			await ada.page.click('[data-testid="share-replace-confirm"]');
			await ada.page.waitForFunction(
				(old) =>
					(
						document.querySelector('[data-testid="share-edit-url"]') as HTMLInputElement | null
					)?.value.includes('token=') &&
					!(
						document.querySelector('[data-testid="share-edit-url"]') as HTMLInputElement
					).value.endsWith(old),
				new URL(server.url + editPath).search
			);
			await ada.page.click('[data-testid="share-dialog"] button.primary');
			// Ada carries on with the new edit link, never shown as locked out.
			await live(ada.page);
			expect(await ada.page.locator('[data-testid="access-lost"]').count()).toBe(0);
			await addNode(ada.page, 'Ada after replacing');

			// Cy, online, is told in words and stops: no reconnect loop.
			const lost = cy.page.locator('[data-testid="access-lost"]');
			await lost.waitFor();
			expect(await lost.textContent()).toContain('The links to this map were changed');
			expect(await lost.textContent()).toContain('Ask for the new link');
			const cySockets = cy.sockets();
			expect(await cy.page.locator('[data-testid="add-claim"]').count()).toBe(0);
			expect(await cy.page.locator('[data-testid="problems-badge"]').count()).toBe(0);

			// Bea comes back: the refused reconnect is asked about, and her page stops too, keeping
			// her unsent change on the map and counted.
			await bea.page.context().setOffline(false);
			await bea.page.evaluate(() => (window as unknown as W).__warrantCollab.setOnline(true));
			const beaLost = bea.page.locator('[data-testid="access-lost"]');
			await beaLost.waitFor();
			expect(await beaLost.getAttribute('data-reason')).toBe('token-invalid');
			// The changes made offline (the node and its typed text), as the page counted them.
			const unsent = await bea.page.evaluate(
				() => (window as unknown as W).__warrantCollab.link().pending
			);
			expect(unsent).toBeGreaterThan(0);
			expect(
				await bea.page.locator('[data-testid="unsent-count"]').getAttribute('data-count')
			).toBe(String(unsent));
			expect(await bea.page.locator('[data-testid="connection-status"]').textContent()).toContain(
				`No access · ${unsent} changes not sent`
			);
			await hasNode(bea.page, 'Unsent idea');
			await shots(bea.page, 'lost');
			expect(await axe(bea.page)).toEqual([]);
			await shots(cy.page, 'lost-390');

			// The download is a warrant-map file holding the unsent change, under a new id.
			const [download] = await Promise.all([
				bea.page.waitForEvent('download'),
				bea.page.click('[data-testid="download-copy"]')
			]);
			const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as MapFile;
			expect(file.format).toBe('warrant-map');
			expect(file.id).toMatch(new RegExp(`^${mapId}-copy-[a-z0-9]+$`));
			expect(file.nodes.map((n) => n.text)).toContain('Unsent idea');
			expect(download.suggestedFilename()).toMatch(/my-copy\.json$/);
			// Nobody else ever got it.
			expect(
				await ada.page.evaluate(() => {
					const h = (window as unknown as W).__warrant;
					return h.nodeIds().map((id) => h.nodeText(id));
				})
			).not.toContain('Unsent idea');
			// Time has passed (Bea's round, the download): neither stopped page tried again.
			expect(cy.sockets()).toBe(cySockets);
			const beaSockets = bea.sockets();
			await hasNode(ada.page, 'Ada after replacing');
			expect(await cy.page.locator('[data-testid="connection-status"]').textContent()).toContain(
				'No access'
			);
			expect(bea.sockets()).toBe(beaSockets);

			// Bea reloads: refused, but this browser's own copy (with the unsent change) is shown
			// read-only and can be downloaded; no schema errors, no endless loading.
			await bea.page.reload();
			const refused = bea.page.locator('[data-testid="access-refused"]');
			await refused.waitFor();
			await bea.page.locator('[data-testid="browser-copy"]').waitFor();
			await hasNode(bea.page, 'Unsent idea');
			expect(await bea.page.locator('[data-testid="problems-badge"]').count()).toBe(0);
			expect(await bea.page.content()).not.toMatch(/Invalid input|Loading the source text/);
			await bea.page.locator('[data-testid="download-copy"]').waitFor();
			await shots(bea.page, 'refused-copy');
			expect(errors).toEqual([]);
		}
	);
});

describe('the view link', () => {
	it(
		'disables every control that would change the map, and nothing changes locally',
		{ timeout: 120_000 },
		async () => {
			const sample = JSON.parse(
				readFileSync(join(ROOT_DIR, 'maps', 'sample-sunday-libraries.json'), 'utf8')
			) as MapFile;
			const id = 'view-only-sample';
			const made = await fetch(`${server.url}/api/maps`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...sample, id })
			});
			expect(made.status).toBe(201);
			const links = (await (
				await fetch(`${server.url}/api/maps/${id}/share`, { method: 'POST' })
			).json()) as { viewUrl: string };
			const vic = await person('Vic', WIDTHS[0]);
			const url = new URL(links.viewUrl);
			const vicAsks = stateRequests(vic.page);
			await openMap(vic.page, url.pathname + url.search);
			await vic.page.locator('[data-testid="view-only"]').waitFor();
			// The view link admits the page: its HTML carried the map's state, as a viewer's.
			expect(vicAsks).toEqual([]);

			const thesis = 'thesis';
			await selectNode(vic.page, thesis);
			const kind = vic.page.locator('[data-testid="kind-select"]');
			await kind.waitFor();
			expect(await kind.isDisabled()).toBe(true);
			expect(await kind.inputValue()).toBe('thesis');
			const removers = vic.page.locator('[data-testid="remove-anchor"]');
			expect(await removers.count()).toBeGreaterThan(0);
			for (const b of await removers.all()) expect(await b.isDisabled()).toBe(true);
			expect(await vic.page.locator('[data-testid="auto-layout"]').isDisabled()).toBe(true);
			expect(await vic.page.locator('[data-testid="edit-label"]').isDisabled()).toBe(true);
			for (const hidden of ['add-claim', 'share-button', 'edge-handle'])
				expect(await vic.page.locator(`[data-testid="${hidden}"]`).count()).toBe(0);
			// A view link never loads edge drawing: not when idle (an editor's page loads it then, after
			// its first view), not when a node was hovered and selected (above).
			await vic.page.evaluate(
				() => new Promise((done) => requestIdleCallback(done, { timeout: 5000 }))
			);
			expect(await vic.page.evaluate(() => (window as unknown as W).__warrant.edgeDrawing())).toBe(
				false
			);
			expect(await vic.page.locator('[data-testid="vote-3"]').isDisabled()).toBe(true);

			// Keys that would change the map change nothing here, and say why.
			const positions = () =>
				vic.page.evaluate(() => {
					const h = (window as unknown as W).__warrant;
					return h.nodeIds().map((n) => [n, h.position(n)]);
				});
			const before = await positions();
			await vic.page.locator('[data-testid="map"]').focus();
			for (const key of ['l', '2', 'g', 'Delete']) await vic.page.keyboard.press(key);
			await vic.page.locator('[data-testid="message"]', { hasText: 'View only' }).waitFor();
			expect(await positions()).toEqual(before);
			expect(await kind.inputValue()).toBe('thesis');
			expect(await nodeIds(vic.page)).toEqual(before.map(([n]) => n));

			// Selecting words in the essay offers no "New claim" menu.
			const sentence = vic.page.locator('[data-sentence]').first();
			await sentence.dblclick();
			await vic.page.waitForFunction(() => (document.getSelection()?.toString().length ?? 0) > 0);
			await shots(vic.page, 'view-link');
			expect(await axe(vic.page)).toEqual([]);
			// Three screenshots later, still no menu.
			expect(await vic.page.locator('[data-testid="selection-menu"]').count()).toBe(0);
			expect(errors).toEqual([]);
		}
	);
});
