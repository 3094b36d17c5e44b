/**
 * The home page's ways in, end to end (real built server, Debian's Chromium): an essay read from an
 * uploaded .md file, a binary upload refused next to the form, map files imported with the file
 * picker and by drag and drop (with the import report), and a broken file refused with its reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mapReady, useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';

const AIF_FIXTURE = join(ROOT_DIR, 'tests/fixtures/formats/aifdb-nodeset-6064.json');

const app = useEditorApp();
const { server } = app;

async function home(): Promise<Page> {
	const page = await app.newPage({ viewport: { width: 1200, height: 900 } });
	await page.goto(`${server.url}/`);
	await page.locator('[data-testid="map-list"] a').first().waitFor();
	return page;
}

const nodeCountOnMap = (page: Page) =>
	page.evaluate(
		() =>
			(window as unknown as { __warrant?: { nodeIds(): string[] } }).__warrant?.nodeIds().length ??
			-1
	);

describe('home page: uploads and imports', () => {
	it('reads an essay from a .md file, and refuses a binary one', { timeout: 60_000 }, async () => {
		const page = await home();
		await page.setInputFiles('[data-testid="essay-file"]', {
			name: 'binary.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00])
		});
		await expect
			.poll(() => page.locator('[data-testid="form-error"]').textContent())
			.toMatch(/binary/i);
		const essay = '# Homework\n\nHomework should be optional. Children need rest.\n';
		await page.setInputFiles('[data-testid="essay-file"]', {
			name: 'Homework debate.md',
			mimeType: 'text/markdown',
			buffer: Buffer.from(essay)
		});
		await expect.poll(() => page.inputValue('textarea[name="text"]')).toBe(essay);
		expect(await page.inputValue('input[name="title"]')).toBe('Homework debate');
		await expect.poll(() => page.locator('[data-testid="form-error"]').count()).toBe(0);
		await page.click('button[type="submit"]');
		await page.waitForURL(/\/map\/homework-debate-[a-z0-9]+$/);
		await mapReady(page);
		await expect.poll(() => page.locator('[data-sentence]').count()).toBe(3);
		await page.context().close();
	});

	it(
		'imports an AIFdb file with the picker and shows its report',
		{ timeout: 60_000 },
		async () => {
			const page = await home();
			await page.setInputFiles('[data-testid="import-file"]', AIF_FIXTURE);
			const report = page.locator('[data-testid="import-report"]');
			await report.waitFor();
			expect(await report.textContent()).toMatch(/\(aif\): 9 nodes, 5 relations/);
			expect(await report.textContent()).toMatch(/Skipped: .*16 /);
			await report.getByRole('link', { name: 'Open the map' }).click();
			await mapReady(page);
			await expect.poll(() => nodeCountOnMap(page)).toBe(9);
			await page.context().close();
		}
	);

	it(
		'imports a dropped Argdown file, and refuses a broken file with its reason',
		{ timeout: 60_000 },
		async () => {
			const page = await home();
			const drop = async (name: string, type: string, text: string) =>
				page.evaluate(
					({ name, type, text }) => {
						const dt = new DataTransfer();
						dt.items.add(new File([text], name, { type }));
						const zone = document.querySelector('[data-testid="import-drop"]')!;
						zone.dispatchEvent(
							new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true })
						);
						zone.dispatchEvent(
							new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })
						);
					},
					{ name, type, text }
				);
			await drop(
				'truncated.json',
				'application/json',
				readFileSync(AIF_FIXTURE, 'utf8').slice(0, 500)
			);
			await expect
				.poll(() => page.locator('[data-testid="import-error"]').textContent())
				.toMatch(/^truncated\.json: .+/);
			expect(await page.locator('[data-testid="import-report"]').count()).toBe(0);
			await drop(
				'seminar.argdown',
				'',
				'[Rest]: Children need rest.\n  + [Sleep]: Sleep research shows it.\n  - [Practice]: Practice needs homework.\n'
			);
			const report = page.locator('[data-testid="import-report"]');
			await report.waitFor();
			expect(await report.textContent()).toMatch(/\(argdown\): 3 nodes, 2 relations/);
			expect(await page.locator('[data-testid="import-error"]').count()).toBe(0);
			await page.context().close();
		}
	);
});
