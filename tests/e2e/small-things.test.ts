/**
 * Smaller things seen in a seminar (issue 11, section 7), end to end in Debian's Chromium against
 * the real built server: the map list's source line, the empty map's hint, Ctrl+Enter in the comment
 * box (seen by two others), avatars of default names, the import account is not a participant,
 * search snippets keep numbers whole, and a hovered node's highlight clears however fast the pointer
 * leaves. Waits are on conditions, never sleeps.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RESULTS, pointOf, useEditorApp } from '$tests/e2e/fixture';

interface Hooks {
	nodeIds(): string[];
	selected(): string[];
}
type W = Window & { __warrant: Hooks; __warrantCollab: { people(): string[] } };

const app = useEditorApp();
const { server, errors } = app;

async function createMap(title: string, text: string, author: string): Promise<string> {
	const res = await fetch(`${server.url}/api/maps`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title, text, author, publication: '', date: '', lang: 'en' })
	});
	expect(res.status).toBeLessThan(300);
	return ((await res.json()) as { id: string }).id;
}

async function person(name: string, width = 1440): Promise<Page> {
	return app.newPage({
		label: name,
		viewport: { width, height: 900 },
		user: { id: `id-${name.toLowerCase().replace(/\W/g, '')}-0001`, name }
	});
}

describe('smaller things', () => {
	it('lists maps without a stray “·” and opens an empty map on the core gesture', async () => {
		const untitled = await createMap('No source line', 'One sentence here. And one more.', '');
		const authored = await createMap('With author', 'One sentence here. And one more.', 'Ann');
		const page = await person('Ada', 1024);
		await page.goto(`${server.url}/`);
		const line = (id: string) =>
			page.locator(`[data-testid="map-list"] a[href$="/map/${id}"] .src`).textContent();
		await expect.poll(() => line(authored)).toBe('Ann');
		expect((await line(untitled))?.trim()).toBe('');
		for (const li of await page.locator('[data-testid="map-list"] .src').allTextContents())
			expect(li.trim().startsWith('·')).toBe(false);
		await page.screenshot({ path: join(RESULTS, 'home-list-1024.png') });

		await app.openMap(page, `/map/${untitled}`);
		const hint = page.locator('.notice.hint');
		await hint.waitFor();
		expect((await hint.textContent())?.trim()).toMatch(
			/^This map is empty\. Select words in the essay/
		);
		await page.screenshot({ path: join(RESULTS, 'empty-map-hint-1024.png') });
		expect(errors).toEqual([]);
	});

	it(
		'posts a comment with Ctrl+Enter, seen by the two others; default names keep avatars apart',
		{ timeout: 90_000 },
		async () => {
			const id = await createMap('Comments', 'Seminars argue. Maps help them.', 'Ann');
			const ada = await person('Ada');
			// Two people who kept their default names: the avatars must not both read "A1".
			const a12 = await person('Analyst 12', 1024);
			const a17 = await person('Analyst 17', 390);
			for (const p of [ada, a12, a17]) {
				await app.openMap(p, `/map/${id}`);
				await p.waitForFunction(() => !!(window as unknown as W).__warrantCollab);
			}
			await ada.waitForFunction(
				() => (window as unknown as W).__warrantCollab.people().length === 3
			);
			const avatars = await ada
				.locator('[data-testid="presence"] .avatar')
				.evaluateAll((els) => els.map((e) => e.textContent?.trim()));
			expect(avatars.sort()).toEqual(['A', 'A12', 'A17']);

			// Ada comments on a sentence with Ctrl+Enter (no click on "Comment").
			await ada.locator('[data-sentence]').first().click();
			await ada.click('[data-testid="comments-toggle"]');
			const box = ada.locator('[data-testid="new-comment-sentence"]');
			await box.fill('Which seminars?');
			await box.press('Control+Enter');
			await expect.poll(() => box.inputValue()).toBe('');
			for (const p of [a12, a17])
				await p
					.locator('[data-testid="sentence-comment-badge"]')
					.first()
					.waitFor({ state: 'attached' });
			// Plain Enter is a new line, not a post.
			await box.fill('Line one');
			await box.press('Enter');
			await expect.poll(() => box.inputValue()).toBe('Line one\n');
			await ada.screenshot({ path: join(RESULTS, 'comment-ctrl-enter-1440.png') });
			await a17.screenshot({ path: join(RESULTS, 'avatars-390.png') });
			expect(errors).toEqual([]);
		}
	);

	it('never lists the import account among the people whose work can be shown', async () => {
		const page = await person('Ada');
		await app.openMap(page, '/map/china-digging-in');
		const options = await page
			.locator('[data-testid="author-filter"] option')
			.evaluateAll((els) => els.map((e) => e.textContent?.trim()));
		expect(options[0]).toBe('everyone');
		expect(options).not.toContain('warrant-seed');
		expect(errors).toEqual([]);
	});

	it('shows search snippets with whole numbers', async () => {
		const words = Array.from({ length: 30 }, (_, i) => `${(i + 1) * 1111},${i}50`).join(' ');
		const id = await createMap(
			'Numbers',
			`The figures were ${words} and then the budget of 2024 was 98,765,432 yuan in all.`,
			'Ann'
		);
		const page = await person('Ada', 1024);
		await app.openMap(page, `/map/${id}`);
		await page.click('[data-testid="search"]');
		await page.keyboard.type('budget');
		const hit = page.locator('[data-result="sentence"]').first();
		await hit.waitFor();
		const text = (await hit.textContent())!.trim().replace(/^…/, '').replace(/…$/, '').trim();
		const whole = new Set(
			`The figures were ${words} and then the budget of 2024 was 98,765,432 yuan in all.`.split(' ')
		);
		for (const w of text.split(/\s+/)) expect(whole).toContain(w);
		expect(text).toContain('budget');
		await page.screenshot({ path: join(RESULTS, 'search-snippet-1024.png') });
	});

	it('clears a hovered node’s highlight when the pointer leaves it in one fast move', async () => {
		const page = await person('Ada');
		await app.openMap(page, '/map/sample-sunday-libraries', 'highlightsReady');
		const highlighted = () => page.locator('[data-sentence].anchored').count();
		expect(await highlighted()).toBe(0);
		const ids = await page.evaluate(() => (window as unknown as W).__warrant.nodeIds());
		const at = await pointOf(page, ids[0]);
		await page.mouse.move(at.x - 20, at.y, { steps: 5 });
		await page.mouse.move(at.x, at.y, { steps: 5 });
		await expect.poll(highlighted).toBeGreaterThan(0);
		// One move, straight from the node onto the page's header: no move over the map between.
		await page.mouse.move(20, 10, { steps: 1 });
		await expect.poll(highlighted).toBe(0);
		// Onto the node again, then one jump onto the essay pane.
		await page.mouse.move(at.x, at.y, { steps: 5 });
		await expect.poll(highlighted).toBeGreaterThan(0);
		await page.mouse.move(40, 500, { steps: 1 });
		await expect.poll(highlighted).toBe(0);
		expect(await page.evaluate(() => (window as unknown as W).__warrant.selected())).toEqual([]);
		expect(errors).toEqual([]);
	});
});
