/**
 * The editor end to end: the real built server (dist/server.js serving build/handler.js) and
 * Debian's Chromium. Two pages on one map see each other's edits live; the home page creates maps;
 * a document that breaks the contract renders what is valid and lists the rest.
 * Every wait is on a condition (the editor's `window.__warrant` hooks or the DOM), never a sleep.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getNodesMap } from '$lib/model/doc';
import {
	RESULTS,
	addNode,
	drawEdge,
	editLabel,
	mapReady,
	pointOf,
	useEditorApp
} from '$tests/e2e/fixture';
import { connectSynced } from '$tests/integration/support';

interface Hooks {
	nodeIds(): string[];
	nodeText(id: string): string | null;
	nodeKind(id: string): string | null;
	edges(): Array<{ id: string; source: string; target: string; relation: string }>;
	position(id: string): { x: number; y: number } | null;
	selected(): string[];
	edgeDrawing(): boolean;
}
declare global {
	interface Window {
		__warrant: Hooks;
	}
}

const app = useEditorApp();
const { server } = app;

describe('editor', () => {
	it('shows two pages on one map each other’s edits live', { timeout: 90_000 }, async () => {
		const errors: string[] = [];
		const id = await app.createMap(
			'Live editing',
			'Cats are good pets. They are quiet.\nDogs bark.'
		);
		const a = await app.newPage({ errors });
		const b = await app.newPage({ errors });
		await Promise.all([app.openMap(a, `/map/${id}`), app.openMap(b, `/map/${id}`)]);
		await expect.poll(() => b.locator('[data-sentence]').count()).toBe(3);
		// Edge drawing is not part of the first view; an editor gets it when the page is next idle.
		await a.waitForFunction(() => window.__warrant.edgeDrawing(), null, { timeout: 20_000 });

		// A node added and labelled in A appears in B with its label.
		const claim = await addNode(a, 'Cats make good pets');
		await b.waitForFunction((n) => window.__warrant.nodeText(n) === 'Cats make good pets', claim);
		expect(await b.evaluate((n) => window.__warrant.nodeKind(n), claim)).toBe('claim');

		// A second node, then an edge drawn from it to the claim, chosen as "supports".
		const evidence = await addNode(a, 'They are quiet', 'evidence');
		await b.waitForFunction((n) => window.__warrant.nodeIds().includes(n), evidence);
		await drawEdge(a, evidence, claim);
		await a.click('[data-testid="choose-supports"]');
		const edgeHandle = await b.waitForFunction(
			([s, t]) =>
				window.__warrant
					.edges()
					.find((e) => e.source === s && e.target === t && e.relation === 'supports')?.id ?? false,
			[evidence, claim]
		);
		const edgeId = (await edgeHandle.jsonValue()) as string;

		// B edits the claim's label in place; A sees it, and measures how long it took.
		await editLabel(b, claim);
		await b.keyboard.press('End');
		await b.keyboard.type(', mostly');
		const typedAt = Date.now();
		await b.keyboard.press('Enter');
		await a.waitForFunction(
			(n) => window.__warrant.nodeText(n) === 'Cats make good pets, mostly',
			claim
		);
		console.log(`label edit seen by the other page after ${Date.now() - typedAt} ms`);

		// B changes the evidence node's kind with a digit key; A follows.
		const ev = await pointOf(b, evidence);
		await b.mouse.click(ev.x, ev.y);
		await b.waitForFunction((n) => window.__warrant.selected().join() === n, evidence);
		await b.keyboard.press('6');
		await a.waitForFunction((n) => window.__warrant.nodeKind(n) === 'question', evidence);

		// An undercut: dragged from a new counterpoint onto the middle of the supports edge.
		const counter = await addNode(a, 'Quiet is not the point', 'counterpoint');
		await drawEdge(a, counter, { edge: edgeId });
		await b.waitForFunction(
			([s, e]) =>
				window.__warrant
					.edges()
					.some((x) => x.source === s && x.target === `mid:${e}` && x.relation === 'undercuts'),
			[counter, edgeId]
		);

		// Deleting the evidence node in A removes it, its edge and the undercut of that edge in B.
		const ev2 = await pointOf(a, evidence);
		await a.mouse.click(ev2.x, ev2.y);
		await a.waitForFunction((n) => window.__warrant.selected().join() === n, evidence);
		await a.keyboard.press('Delete');
		await b.waitForFunction(
			(n) => !window.__warrant.nodeIds().includes(n) && window.__warrant.edges().length === 0,
			evidence
		);
		expect(await b.evaluate(() => window.__warrant.nodeIds().length)).toBe(2);

		// Auto layout in A moves the nodes for B too (positions go through the document).
		const positions = () =>
			JSON.stringify(window.__warrant.nodeIds().map((n) => window.__warrant.position(n)));
		const before = await b.evaluate(positions);
		await a.locator('[data-testid="map"]').focus();
		await a.keyboard.press('l');
		// Someone else is on the map: Auto layout asks first (it moves their map too).
		await a.click('[data-testid="layout-confirm-ok"]');
		await a.locator('[data-testid="message"]', { hasText: 'Laid out' }).waitFor();
		const laidOut = await a.evaluate(positions);
		expect(laidOut).not.toBe(before);
		await b.waitForFunction(
			(want) =>
				JSON.stringify(window.__warrant.nodeIds().map((n) => window.__warrant.position(n))) ===
				want,
			laidOut
		);
		expect(errors).toEqual([]);
		await a.context().close();
		await b.context().close();
	});

	it(
		'creates a map from the home page, and shows a refusal next to the form',
		{ timeout: 60_000 },
		async () => {
			const errors: string[] = [];
			const page = await app.newPage({ errors });
			await page.goto(`${server.url}/`);
			await page.locator('[data-testid="map-list"] a').first().waitFor();
			await page.fill('input[name="title"]', 'Blank text');
			await page.fill('textarea[name="text"]', '   ');
			await page.click('button[type="submit"]');
			await expect
				.poll(() => page.locator('[data-testid="form-error"]').textContent())
				.toContain('empty');
			await page.fill('textarea[name="text"]', 'Homework should be optional. Children need rest.');
			await page.click('button[type="submit"]');
			await page.waitForURL(/\/map\/[a-z0-9-]+$/);
			await mapReady(page);
			await expect.poll(() => page.locator('[data-sentence]').count()).toBe(2);
			await expect
				.poll(() => page.locator('[data-testid="connection-status"]').getAttribute('data-status'))
				.toBe('connected');
			// Opening a map that does not exist says so instead of spinning.
			await page.goto(`${server.url}/map/no-such-map-here`);
			await page.getByRole('alert').filter({ hasText: 'There is no map' }).waitFor();
			// The refused POST (400), the failed websocket handshake and the 404 are console errors by
			// nature in Chromium; nothing else may be.
			expect(errors.filter((e) => !/\b(400|404)\b|WebSocket/.test(e))).toEqual([]);
			await page.context().close();
		}
	);

	it(
		'draws what is valid in a broken document and lists the problems',
		{ timeout: 60_000 },
		async () => {
			const errors: string[] = [];
			const id = await app.createMap('Broken', 'One sentence.');
			// A peer that ignores the contract writes one good node and one with an unknown kind.
			const peer = await connectSynced(server, id);
			const doc = peer.doc;
			doc.transact(() => {
				const good = new Y.Map<unknown>();
				good.set('kind', 'claim');
				good.set('text', new Y.Text('A valid claim'));
				good.set('x', 0);
				good.set('y', 0);
				getNodesMap(doc).set('good', good);
				const bad = new Y.Map<unknown>();
				bad.set('kind', 'rumour');
				bad.set('text', new Y.Text('not a kind'));
				getNodesMap(doc).set('bad', bad);
			});
			const page = await app.newPage({ errors });
			await app.openMap(page, `/map/${id}`);
			await page.waitForFunction(() => window.__warrant.nodeIds().join() === 'good');
			const badge = page.locator('[data-testid="problems-badge"]');
			await expect.poll(() => badge.textContent()).toContain('1 problem');
			await badge.click();
			await expect
				.poll(() => page.getByRole('region', { name: 'Problems in this map' }).textContent())
				.toContain('rumour');
			peer.destroy();
			expect(errors).toEqual([]);
			await page.context().close();
		}
	);

	it(
		'connects two nodes as rephrases, stores it, and changes it back from the selection panel',
		{ timeout: 90_000 },
		async () => {
			const errors: string[] = [];
			const id = await app.createMap('Rephrasing', 'Cats are quiet. Cats make little noise.');
			const page = await app.newPage({ errors });
			await app.openMap(page, `/map/${id}`);
			const said = await addNode(page, 'Cats are quiet');
			const again = await addNode(page, 'Cats make little noise');
			await drawEdge(page, again, said);
			await page.click('[data-testid="choose-rephrases"]');
			const edgeHandle = await page.waitForFunction(
				([s, t]) =>
					window.__warrant
						.edges()
						.find((e) => e.source === s && e.target === t && e.relation === 'rephrases')?.id ??
					false,
				[again, said]
			);
			const edgeId = (await edgeHandle.jsonValue()) as string;

			// The server stored it: the map file from the API has the edge with relation 'rephrases'.
			const storedRelation = async () => {
				const file = (await (await fetch(`${server.url}/api/maps/${id}`)).json()) as {
					edges: Array<{ id: string; from: string; to: string; relation: string }>;
				};
				return file.edges.find((e) => e.id === edgeId);
			};
			await expect
				.poll(storedRelation, { timeout: 20_000 })
				.toMatchObject({ from: again, to: said, relation: 'rephrases' });

			// The legend explains the dotted blue line.
			await expect
				.poll(() => page.getByRole('region', { name: 'Legend' }).getByText('Rephrases').count())
				.toBe(1);

			// Selected, the edge can be made a support from the selection panel, and back with R.
			// A straight edge between the two nodes: halfway between their centres is on the line.
			const [p, q] = [await pointOf(page, again), await pointOf(page, said)];
			await page.mouse.click((p.x + q.x) / 2, (p.y + q.y) / 2);
			await page.waitForFunction((e) => window.__warrant.selected().includes(e), edgeId);
			await page.click('[data-testid="set-supports"]');
			await page.waitForFunction(
				(e) => window.__warrant.edges().find((x) => x.id === e)?.relation === 'supports',
				edgeId
			);
			await page.locator('[data-testid="map"]').focus();
			await page.keyboard.press('r');
			await page.waitForFunction(
				(e) => window.__warrant.edges().find((x) => x.id === e)?.relation === 'rephrases',
				edgeId
			);
			await expect
				.poll(storedRelation, { timeout: 20_000 })
				.toMatchObject({ relation: 'rephrases' });
			expect(errors).toEqual([]);
			await page.context().close();
		}
	);

	it(
		'a quick click on one node and then another selects the second; a double click edits',
		{ timeout: 60_000 },
		async () => {
			const errors: string[] = [];
			const id = await app.createMap('Quick clicks', 'Cats are quiet. Dogs bark.');
			const page = await app.newPage({ errors });
			await app.openMap(page, `/map/${id}`);
			const first = await addNode(page, 'Cats are quiet');
			const second = await addNode(page, 'Dogs bark');
			const p1 = await pointOf(page, first);
			const p2 = await pointOf(page, second);
			// Two clicks on two nodes well inside cytoscape's double-click time (250 ms).
			await page.mouse.click(p1.x, p1.y);
			await page.mouse.click(p2.x, p2.y);
			await page.waitForFunction((n) => window.__warrant.selected().join() === n, second);
			expect(await page.locator('[data-testid="label-editor"]').count()).toBe(0);
			// So a digit key sets the kind instead of typing into a label.
			await page.keyboard.press('6');
			await page.waitForFunction((n) => window.__warrant.nodeKind(n) === 'question', second);
			expect(await page.evaluate((n) => window.__warrant.nodeText(n), second)).toBe('Dogs bark');
			// A double click on one node still opens its label editor.
			await page.mouse.dblclick(p1.x, p1.y);
			await page.locator('[data-testid="label-editor"]').waitFor();
			await page.keyboard.press('Escape');
			expect(errors).toEqual([]);
		}
	);

	it('saves a screenshot of the editor on the sample map', { timeout: 60_000 }, async () => {
		const errors: string[] = [];
		const page = await app.newPage({ errors });
		const list = (await (await fetch(`${server.url}/api/maps`)).json()) as Array<{
			id: string;
			nodeCount: number;
		}>;
		const largest = list.toSorted((x, y) => y.nodeCount - x.nodeCount)[0];
		await app.openMap(page, `/map/${largest.id}`);
		expect(await page.evaluate(() => window.__warrant.nodeIds().length)).toBe(largest.nodeCount);
		await page.screenshot({ path: join(RESULTS, 'editor.png') });
		await page.keyboard.press('?');
		await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
		await page.screenshot({ path: join(RESULTS, 'editor-help.png') });
		await page.keyboard.press('Escape');
		await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
		expect(errors).toEqual([]);
		await page.context().close();
	});
});
