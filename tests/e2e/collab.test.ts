/**
 * Seminar collaboration end to end: the real built server (temporary data directory) and Debian's
 * Chromium, one browser context per person. Three people on one map see each other (presence,
 * selection rings, pointers), comments and votes travel, two people type in one label at once,
 * undo is per person, a view link cannot edit, and a page that went offline merges on its return.
 * Every wait is on a condition (the `__warrant` and `__warrantCollab` hooks, or the DOM), never a sleep.
 *
 * Going offline: `context.setOffline(true)` stops new connections but does not close an open
 * websocket in Chromium, so the test first drops the provider's connection through the page's test
 * hook (`__warrantCollab.setOnline(false)`, i.e. `provider.disconnect()`; done before going offline
 * so that the close frame reaches the server and the others see Cy leave at once), then restores
 * both the other way round.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, addNode, editLabel, pointOf, selectNode, useEditorApp } from '$tests/e2e/fixture';

interface Hooks {
	nodeIds(): string[];
	nodeText(id: string): string | null;
	position(id: string): { x: number; y: number } | null;
	selected(): string[];
}
interface CollabHooks {
	link(): { state: string; pending: number };
	people(): string[];
	peerRing(id: string): string | null;
	agreeFill(id: string): string | null;
	dimmed(id: string): boolean;
	canUndo(): boolean;
	setOnline(online: boolean): void;
}
/** The page's hooks; typed locally, not on the global Window, so test files do not collide. */
type W = Window & { __warrant: Hooks; __warrantCollab: CollabHooks };

const app = useEditorApp();
const { server, errors } = app;

const createMap = (title: string) =>
	app.createMap(title, 'Seminars argue. Maps help them.\nEveryone sees the same map.');

interface Person {
	name: string;
	context: BrowserContext;
	page: Page;
}

/** A person in their own browser context; `named` people chose their name on an earlier visit. */
async function person(name: string, named = true): Promise<Person> {
	const page = await app.newPage({
		label: name,
		// Refused connections while offline are expected console noise; nothing else is.
		ignore: /ERR_INTERNET_DISCONNECTED|WebSocket/,
		user: named ? { id: `id-${name.toLowerCase()}-0001`, name } : undefined
	});
	return { name, context: page.context(), page };
}

/** Opens `path` and waits until the map is drawn and the collaboration hooks are there. */
async function openMap(page: Page, path: string): Promise<void> {
	await app.openMap(page, path);
	await page.waitForFunction(() => !!(window as unknown as W).__warrantCollab);
}

const hasNode = (page: Page, id: string, text?: string) =>
	page.waitForFunction(
		([n, t]) =>
			(window as unknown as W).__warrant.nodeIds().includes(n) &&
			(t === null || (window as unknown as W).__warrant.nodeText(n) === t),
		[id, text ?? null] as const
	);

describe('seminar collaboration', () => {
	let mapId: string;
	let ada: Person;
	let bea: Person;
	let cy: Person;
	let thesis: string;

	it('shows who is here, with names, selections and pointers', { timeout: 90_000 }, async () => {
		mapId = await createMap('Seminar');
		ada = await person('Ada');
		bea = await person('Bea');
		cy = await person('Cy', false);
		await Promise.all([ada, bea, cy].map((p) => openMap(p.page, `/map/${mapId}`)));

		// First visit: Cy is asked for a name in the header, without a modal over the map.
		await cy.page.locator('[data-testid="name-prompt"]').waitFor();
		await cy.page.fill('[data-testid="name-input"]', 'Cy');
		await cy.page.click('[data-testid="name-prompt"] button[type="submit"]');
		await cy.page.locator('[data-testid="name-prompt"]').waitFor({ state: 'detached' });
		expect(await cy.page.evaluate(() => localStorage.getItem('warrant:user'))).toContain('"Cy"');

		for (const p of [ada, bea, cy])
			await p.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.people().sort().join() === 'Ada,Bea,Cy'
			);
		await expect
			.poll(() => ada.page.locator('[data-testid="presence-count"]').textContent())
			.toBe('3 here');

		// Bea selects a node: Ada sees a ring in Bea's colour on it; Bea's pointer shows on Ada's map.
		thesis = await addNode(ada.page, 'Seminars need maps');
		await hasNode(bea.page, thesis, 'Seminars need maps');
		await selectNode(bea.page, thesis);
		const beaColour = await bea.page.evaluate(() => {
			const me = document.querySelector('[data-testid="presence"] button.avatar') as HTMLElement;
			return getComputedStyle(me).backgroundColor;
		});
		await ada.page.waitForFunction(
			(n) => !!(window as unknown as W).__warrantCollab.peerRing(n),
			thesis
		);
		const ring = await ada.page.evaluate(
			(n) => (window as unknown as W).__warrantCollab.peerRing(n)!,
			thesis
		);
		const hex = (rgb: string) =>
			'#' +
			rgb
				.match(/\d+/g)!
				.slice(0, 3)
				.map((v) => Number(v).toString(16).padStart(2, '0'))
				.join('');
		expect(ring).toBe(hex(beaColour));
		const at = await pointOf(bea.page, thesis);
		await bea.page.mouse.move(at.x + 60, at.y + 50, { steps: 4 });
		await ada.page
			.locator('[data-testid="peer-pointer"][data-name="Bea"]')
			.waitFor({ state: 'visible' });
		// The ring goes when Bea clears her selection.
		await bea.page.keyboard.press('Escape');
		await ada.page.waitForFunction(
			(n) => (window as unknown as W).__warrantCollab.peerRing(n) === null,
			thesis
		);
	});

	it('carries comments and votes to everyone', { timeout: 60_000 }, async () => {
		await selectNode(ada.page, thesis);
		await ada.page.click('[data-testid="comments-toggle"]');
		await ada.page.fill('[data-testid="new-comment-node"]', 'Which maps, though?');
		await ada.page.click('[data-testid="comments-panel"] form button[type="submit"]');
		await ada.page.click('[data-testid="vote-4"]');
		await selectNode(bea.page, thesis);
		await bea.page.click('[data-testid="vote-3"]');

		for (const p of [ada, bea, cy]) {
			await p.page
				.locator(`[data-testid="node-comment-badge"][data-node="${thesis}"]`)
				.filter({ hasText: '1' })
				.waitFor();
			await p.page
				.locator(`[data-testid="node-tally"][data-node="${thesis}"]`)
				.filter({ hasText: '★3.5 (2)' })
				.waitFor();
		}
		// Cy opens the panel, sees the thread, replies; Ada sees the reply and resolves the thread.
		await cy.page.click('[data-testid="comments-toggle"]');
		await cy.page.locator('[data-testid="thread-item"]', { hasText: 'Which maps' }).click();
		await cy.page.waitForFunction(
			(n) => (window as unknown as W).__warrant.selected().join() === n,
			thesis
		);
		await cy.page.fill('[data-testid="reply-input"]', 'Argument maps.');
		await cy.page.keyboard.press('Enter');
		await ada.page.locator('[data-comment]', { hasText: 'Argument maps.' }).waitFor();
		await ada.page.click('[data-testid="resolve"]');
		await cy.page
			.locator(`[data-testid="node-comment-badge"][data-node="${thesis}"]`)
			.waitFor({ state: 'detached' });

		// Bea changes her vote, then withdraws it; the tally follows everywhere.
		await bea.page.click('[data-testid="vote-5"]');
		await cy.page
			.locator(`[data-testid="node-tally"][data-node="${thesis}"]`)
			.filter({ hasText: '★4.5 (2)' })
			.waitFor();
		await bea.page.click('[data-testid="vote-withdraw"]');
		await cy.page
			.locator(`[data-testid="node-tally"][data-node="${thesis}"]`)
			.filter({ hasText: '★4.0 (1)' })
			.waitFor();

		// Colour by agreement and the contributions filter are local views.
		await cy.page.check('[data-testid="agreement-toggle"]');
		await cy.page.waitForFunction(
			(n) => !!(window as unknown as W).__warrantCollab.agreeFill(n),
			thesis
		);
		await cy.page.locator('[data-testid="agreement-key"]').waitFor();
		// A node added meanwhile (painted as added, not with the whole map) gets the no-votes fill.
		const later = await addNode(ada.page, 'Added while coloured');
		await cy.page.waitForFunction(
			(n) => !!(window as unknown as W).__warrantCollab.agreeFill(n),
			later
		);
		expect(
			await ada.page.evaluate((n) => (window as unknown as W).__warrantCollab.agreeFill(n), thesis)
		).toBeNull();
		// Cy wrote only a reply: the filter on Cy dims Ada's node; on Ada it does not.
		await cy.page.selectOption('[data-testid="author-filter"]', 'Cy');
		await cy.page.waitForFunction(
			(n) => (window as unknown as W).__warrantCollab.dimmed(n),
			thesis
		);
		await cy.page.selectOption('[data-testid="author-filter"]', 'Ada');
		await cy.page.waitForFunction(
			(n) => !(window as unknown as W).__warrantCollab.dimmed(n),
			thesis
		);
		await cy.page.selectOption('[data-testid="author-filter"]', '');
		await cy.page.uncheck('[data-testid="agreement-toggle"]');
	});

	it(
		'keeps both people’s characters when they type in one label at once',
		{ timeout: 60_000 },
		async () => {
			const shared = await addNode(ada.page, 'Shared');
			await hasNode(bea.page, shared, 'Shared');
			for (const [p, key] of [
				[ada, 'End'],
				[bea, 'Home']
			] as const) {
				await editLabel(p.page, shared);
				await p.page.keyboard.press(key);
			}
			// Each sees the other's caret, in their colour with their name, where they are.
			const caret = (p: Person, name: string, at: number) =>
				p.page
					.locator(`[data-testid="peer-caret"][data-name="${name}"][data-at="${at}"]`)
					.waitFor({ state: 'attached' });
			await caret(ada, 'Bea', 0);
			await caret(bea, 'Ada', 'Shared'.length);
			await Promise.all([
				ada.page.keyboard.type(' by Ada', { delay: 15 }),
				bea.page.keyboard.type('Bea wrote ', { delay: 15 })
			]);
			await caret(ada, 'Bea', 'Bea wrote '.length);
			await caret(bea, 'Ada', 'Bea wrote Shared by Ada'.length);
			await ada.page.screenshot({ path: join(RESULTS, 'label-peer-caret-1400.png') });
			await Promise.all([ada.page.keyboard.press('Enter'), bea.page.keyboard.press('Enter')]);
			for (const p of [ada, bea, cy]) await hasNode(p.page, shared, 'Bea wrote Shared by Ada');
			// Closed editors share no caret.
			expect(await cy.page.locator('[data-testid="peer-caret"]').count()).toBe(0);
		}
	);

	it('undoes only the person’s own change', { timeout: 60_000 }, async () => {
		const mine = await addNode(ada.page, 'Ada’s point');
		const theirs = await addNode(bea.page, 'Bea’s point');
		await hasNode(ada.page, theirs);
		await expect.poll(() => ada.page.locator('[data-testid="undo"]').isEnabled()).toBe(true);
		await ada.page.locator('[data-testid="map"]').focus();
		// Two steps: the typing burst, then making the node.
		await ada.page.keyboard.press('Control+z');
		for (const p of [ada, bea, cy]) await hasNode(p.page, mine, '');
		await ada.page.keyboard.press('Control+z');
		for (const p of [ada, bea, cy])
			await p.page.waitForFunction(
				([m, t]) =>
					!(window as unknown as W).__warrant.nodeIds().includes(m) &&
					(window as unknown as W).__warrant.nodeIds().includes(t),
				[mine, theirs]
			);
		// Redo brings it back, with its text, for everyone.
		await ada.page.keyboard.press('Control+Shift+z');
		for (const p of [ada, bea, cy]) await hasNode(p.page, mine, '');
		await ada.page.keyboard.press('Control+Shift+z');
		for (const p of [ada, bea, cy]) await hasNode(p.page, mine, 'Ada’s point');
		// Nothing left to redo: Ctrl+Y says so and changes nothing.
		await ada.page.keyboard.press('Control+y');
		await ada.page.locator('[data-testid="message"]', { hasText: 'Nothing to redo' }).waitFor();
	});

	it(
		'keeps edits made offline, across a reload, and merges them when back',
		{ timeout: 90_000 },
		async () => {
			// The offline shell (service worker) is installed once the map was ready.
			await cy.page.waitForFunction(() => !!navigator.serviceWorker.controller);
			// The socket is closed first (a clean close the server sees at once), then the network goes.
			await cy.page.evaluate(() => (window as unknown as W).__warrantCollab.setOnline(false));
			await cy.context.setOffline(true);
			await cy.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.link().state === 'offline'
			);
			await ada.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.people().length === 2
			);

			const offline = await addNode(cy.page, 'Written offline');
			await cy.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.link().pending >= 2
			);
			await expect
				.poll(() => cy.page.locator('[data-testid="connection-status"]').textContent())
				.toMatch(/Offline · \d+ changes waiting/);
			const online = await addNode(ada.page, 'Written meanwhile');

			// Reloading without the server shows the last state, edits included (IndexedDB).
			await cy.page.reload();
			await cy.page.waitForFunction(
				() =>
					document.body.dataset.mapReady === 'true' && !!(window as unknown as W).__warrantCollab
			);
			await hasNode(cy.page, offline, 'Written offline');
			await hasNode(cy.page, thesis, 'Seminars need maps');
			await cy.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.link().state === 'offline'
			);
			expect(
				await cy.page.evaluate(
					(n) => (window as unknown as W).__warrant.nodeIds().includes(n),
					online
				)
			).toBe(false);

			await cy.context.setOffline(false);
			await cy.page.evaluate(() => (window as unknown as W).__warrantCollab.setOnline(true));
			await cy.page.waitForFunction(
				() =>
					(window as unknown as W).__warrantCollab.link().state === 'connected' &&
					(window as unknown as W).__warrantCollab.link().pending === 0
			);
			for (const p of [ada, bea, cy]) {
				await hasNode(p.page, offline, 'Written offline');
				await hasNode(p.page, online, 'Written meanwhile');
				await p.page.waitForFunction(
					() => (window as unknown as W).__warrantCollab.people().length === 3
				);
			}
			const ids = await Promise.all(
				[ada, bea, cy].map((p) =>
					p.page.evaluate(() => (window as unknown as W).__warrant.nodeIds().sort().join())
				)
			);
			expect(new Set(ids).size).toBe(1);
		}
	);

	it('leaves a picture of the seminar', { timeout: 60_000 }, async () => {
		// Ada's view: Bea's selection ring and Cy's pointer, a comment badge and a tally.
		await ada.page.keyboard.press('f');
		await selectNode(bea.page, thesis);
		await selectNode(ada.page, thesis);
		await ada.page.fill('[data-testid="new-comment-node"]', 'Open question for next week');
		await ada.page.click('[data-testid="comments-panel"] form button[type="submit"]');
		const at = await pointOf(cy.page, thesis);
		await cy.page.mouse.move(at.x + 120, at.y + 90, { steps: 4 });
		await ada.page.locator('[data-testid="peer-pointer"][data-name="Cy"]').waitFor();
		await ada.page.waitForFunction(
			(n) => !!(window as unknown as W).__warrantCollab.peerRing(n),
			thesis
		);
		await ada.page.locator(`[data-testid="node-comment-badge"][data-node="${thesis}"]`).waitFor();
		await ada.page.screenshot({ path: join(RESULTS, 'collab.png') });
		expect(errors).toEqual([]);
	});

	it(
		'opens a view link read-only and refuses pages without a valid link',
		{ timeout: 90_000 },
		async () => {
			const shareMap = await createMap('Shared seminar');
			const owner = await person('Owen');
			await openMap(owner.page, `/map/${shareMap}`);
			const first = await addNode(owner.page, 'Before sharing');

			await owner.page.click('[data-testid="share-button"]');
			// Opening Share changes nothing: protecting is its own button (share.test.ts has the rest).
			await owner.page.click('[data-testid="share-protect"]');
			const viewInput = owner.page.locator('[data-testid="share-view-url"]');
			await viewInput.waitFor();
			const viewUrl = await viewInput.inputValue();
			const editUrl = await owner.page.locator('[data-testid="share-edit-url"]').inputValue();
			expect(viewUrl).toMatch(/\/map\/[a-z0-9-]+\?token=/);
			expect(editUrl).not.toBe(viewUrl);
			await owner.page.click('[data-testid="share-dialog"] button.primary');
			// The sharing page carries on with its edit link.
			await owner.page.waitForURL(/\?token=/);
			await owner.page.waitForFunction(
				() => (window as unknown as W).__warrantCollab.link().state === 'connected'
			);

			const viewer = await person('Vic');
			const path = new URL(viewUrl).pathname + new URL(viewUrl).search;
			await openMap(viewer.page, path);
			await hasNode(viewer.page, first, 'Before sharing');
			await viewer.page.locator('[data-testid="view-only"]').waitFor();
			expect(await viewer.page.locator('[data-testid="add-claim"]').count()).toBe(0);
			expect(await viewer.page.locator('[data-testid="share-button"]').count()).toBe(0);
			// No label editing, no new nodes from the keyboard, no votes.
			await selectNode(viewer.page, first);
			expect(await viewer.page.locator('[data-testid="edit-label"]').isDisabled()).toBe(true);
			// E refused in words (a view link); read-only, a double tap could not open the editor either.
			await viewer.page.keyboard.press('e');
			await viewer.page.keyboard.press('n');
			await viewer.page.locator('[data-testid="message"]', { hasText: 'View only' }).waitFor();
			expect(await viewer.page.locator('[data-testid="label-editor"]').count()).toBe(0);
			expect(await viewer.page.locator('[data-testid="vote-3"]').isDisabled()).toBe(true);
			// Dragging does not move the node.
			const before = await viewer.page.evaluate(
				(n) => (window as unknown as W).__warrant.position(n),
				first
			);
			const p = await pointOf(viewer.page, first);
			await viewer.page.mouse.move(p.x, p.y);
			await viewer.page.mouse.down();
			await viewer.page.mouse.move(p.x + 80, p.y + 80, { steps: 5 });
			await viewer.page.mouse.up();
			expect(
				await viewer.page.evaluate((n) => (window as unknown as W).__warrant.position(n), first)
			).toEqual(before);
			expect(
				await owner.page.evaluate((n) => (window as unknown as W).__warrant.position(n), first)
			).toEqual(before);
			// The viewer follows live and is present for the editor.
			const later = await addNode(owner.page, 'After sharing');
			await hasNode(viewer.page, later, 'After sharing');
			await owner.page.waitForFunction(() =>
				(window as unknown as W).__warrantCollab.people().includes('Vic')
			);

			// Without a token, or with a wrong one, the page says why.
			const stranger = await person('Sam');
			await stranger.page.goto(`${server.url}/map/${shareMap}`);
			await stranger.page
				.locator('[data-testid="access-refused"]', { hasText: 'This map is protected' })
				.waitFor();
			await stranger.page.goto(`${server.url}/map/${shareMap}?token=not-a-real-token-0000000000`);
			await stranger.page
				.locator('[data-testid="access-refused"]', { hasText: 'no longer valid' })
				.waitFor();
			expect(errors.filter((e) => !/403/.test(e))).toEqual([]);
		}
	);
});
