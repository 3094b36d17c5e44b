/**
 * The seminar across processes (issue 13): three people in Chromium, each page on a different
 * server process, the three processes on one throwaway PostgreSQL and one Redis. They see each
 * other (presence), a node added on one process is drawn on the other two, and a vote and a
 * comment made on the second process reach the third. Waits are on the page hooks and the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode, mapReady, selectNode, useEditorApp } from '$tests/e2e/fixture';
import { startServer, type RunningServer } from '$tests/helpers/server';
import {
	startPostgres,
	startRedis,
	type TestPostgres,
	type TestRedis
} from '$tests/helpers/services';

interface Hooks {
	nodeText(id: string): string | null;
}
interface CollabHooks {
	people(): string[];
}
type W = Window & { __warrant: Hooks; __warrantCollab: CollabHooks };

/** Filled in before the fixture starts its server (startServer reads it then). */
const env: Record<string, string> = {};
let postgres: TestPostgres;
let redis: TestRedis;
beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	env.DATABASE_URL = await postgres.createDatabase();
	env.REDIS_URL = redis.url;
});
const app = useEditorApp({ env });
const others: RunningServer[] = [];
beforeAll(async () => {
	others.push(...(await Promise.all([startServer({ env }), startServer({ env })])));
});
afterAll(async () => {
	await Promise.all(others.map((s) => s.stop()));
	await redis?.destroy();
	await postgres?.stop();
});

async function open(page: Page, base: string, mapId: string): Promise<void> {
	await page.goto(`${base}/map/${mapId}`);
	await mapReady(page);
	await page.waitForFunction(() => !!(window as unknown as W).__warrantCollab);
}

describe('a seminar with each page on a different process', () => {
	it(
		'presence, a new node, a vote and a comment travel between processes',
		{ timeout: 120_000 },
		async () => {
			const mapId = await app.createMap('Across processes', 'Seminars argue. Maps help them.');
			const bases = [app.server.url, others[0].url, others[1].url];
			const names = ['Ada', 'Bea', 'Cy'];
			const pages = await Promise.all(
				names.map((name) =>
					app.newPage({
						label: name,
						ignore: /WebSocket/,
						user: { id: `id-${name.toLowerCase()}-0001`, name }
					})
				)
			);
			await Promise.all(pages.map((page, i) => open(page, bases[i], mapId)));
			for (const page of pages)
				await page.waitForFunction(
					() => (window as unknown as W).__warrantCollab.people().sort().join() === 'Ada,Bea,Cy'
				);

			const [ada, bea, cy] = pages;
			const node = await addNode(ada, 'Maps travel');
			for (const page of [bea, cy])
				await page.waitForFunction(
					(n) => (window as unknown as W).__warrant.nodeText(n) === 'Maps travel',
					node
				);

			await selectNode(bea, node);
			await bea.click('[data-testid="vote-4"]');
			await bea.click('[data-testid="comments-toggle"]');
			await bea.fill('[data-testid="new-comment-node"]', 'Across three processes');
			await bea.click('[data-testid="comments-panel"] form button[type="submit"]');
			// The third process serves the vote and the comment (read from its own loaded copy).
			await expect
				.poll(
					async () => {
						const file = await (await fetch(`${others[1].url}/api/maps/${mapId}`)).json();
						return [file.votes.length, file.comments.map((c: { body: string }) => c.body)];
					},
					{ timeout: 20_000 }
				)
				.toEqual([1, ['Across three processes']]);
			expect(app.errors).toEqual([]);
		}
	);
});
