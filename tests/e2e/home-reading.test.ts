/**
 * "New map" from a reading, end to end (real built server, Debian's Chromium): a PDF printed by
 * Chromium from the essay is uploaded with the file picker, its text is shown for review (title,
 * author, date, warnings, paragraphs, sentence count), the map is created from it and the editor
 * opens with the essay's sentences; a Word file dropped on the form is read the same way; an
 * encrypted PDF is refused next to the form, naming the file, and creates nothing. Screenshots of
 * the review step at 1440 and 390 px go to test-results/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mapReady, RESULTS, useEditorApp } from '$tests/e2e/fixture';
import { encryptedPdf, essayDocx, essayHtml, essayPdf, loadEssay } from '$tests/fixtures/readings';

const app = useEditorApp();
const { server } = app;
const essay = loadEssay();
const SENTENCES = essay.map.sentences.length;

async function home(width = 1200, height = 900, ignore?: RegExp): Promise<Page> {
	const page = await app.newPage({ viewport: { width, height }, ignore });
	await page.goto(`${server.url}/`);
	await page.locator('[data-testid="map-list"] a').first().waitFor();
	return page;
}

const mapCount = async () =>
	((await (await fetch(`${server.url}/api/maps`)).json()) as unknown[]).length;

describe('home page: a map from a PDF, web page or Word file', () => {
	it(
		'uploads a PDF, shows its text for review, and creates the map from it',
		{ timeout: 120_000 },
		async () => {
			const pdf = await essayPdf(app.browser, essayHtml(essay, { columns: 2 }));
			const page = await home();
			await page.setInputFiles('[data-testid="essay-file"]', {
				name: 'China digging in.pdf',
				mimeType: 'application/pdf',
				buffer: pdf
			});
			const review = page.locator('[data-testid="reading-review"]');
			await review.waitFor({ timeout: 60_000 });
			expect(await review.locator('h3').textContent()).toBe(
				'Review the text read from China digging in.pdf'
			);
			expect(await page.locator('[data-testid="found-title"]').textContent()).toContain(
				essay.title
			);
			expect(await page.locator('[data-testid="reading-counts"]').textContent()).toMatch(
				new RegExp(`^${essay.paragraphs.length} paragraphs · ${SENTENCES} sentences`)
			);
			expect(await page.locator('[data-testid="reading-warnings"]').textContent()).toMatch(
				/Dropped \d+ running header\/footer line/
			);
			const shown = await page.locator('[data-testid="reading-paragraphs"] li').allTextContents();
			expect(shown).toEqual(essay.paragraphs);
			expect(await page.inputValue('input[name="title"]')).toBe(essay.title);

			// An edit in the text box is what the map gets, and the review follows it.
			const text = await page.inputValue('textarea[name="text"]');
			await page.fill('textarea[name="text"]', `${text}\n\nA closing note of the seminar.`);
			await expect
				.poll(() => page.locator('[data-testid="reading-paragraphs"] li').count())
				.toBe(essay.paragraphs.length + 1);

			await page.click('button[type="submit"]');
			await page.waitForURL(/\/map\/why-china-is-digging-in[a-z0-9-]*$/);
			await mapReady(page);
			await expect.poll(() => page.locator('[data-sentence]').count()).toBe(SENTENCES + 1);
			const sentences = await page.locator('[data-sentence]').allTextContents();
			expect(sentences.slice(0, SENTENCES).map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(
				essay.map.sentences.map((s) => s.text.replace(/\s+/g, ' '))
			);
			expect(sentences.at(-1)?.trim()).toBe('A closing note of the seminar.');
			await page.context().close();
		}
	);

	it('reads a Word file dropped on the form', { timeout: 60_000 }, async () => {
		const docx = await essayDocx(essay);
		const page = await home();
		await page.evaluate(
			({ bytes, name }) => {
				const dt = new DataTransfer();
				dt.items.add(new File([new Uint8Array(bytes)], name));
				const form = document.querySelector('[data-testid="essay-drop"]')!;
				form.dispatchEvent(
					new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true })
				);
				form.dispatchEvent(
					new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true })
				);
			},
			{ bytes: [...docx], name: 'essay.docx' }
		);
		await page.locator('[data-testid="reading-review"]').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid="found-author"]').textContent()).toContain(
			essay.author
		);
		expect(await page.inputValue('input[name="author"]')).toBe(essay.author);
		expect(await page.locator('[data-testid="reading-paragraphs"] li').allTextContents()).toEqual(
			essay.paragraphs
		);
		await page.click('[data-testid="reading-review"] button:has-text("Discard")');
		await expect.poll(() => page.locator('[data-testid="reading-review"]').count()).toBe(0);
		expect(await page.inputValue('textarea[name="text"]')).toBe('');
		await page.context().close();
	});

	it('refuses an encrypted PDF next to the form and creates nothing', async () => {
		const before = await mapCount();
		// The browser logs the refused request (422) as a console error: expected here.
		const page = await home(1200, 900, /422/);
		await page.setInputFiles('[data-testid="essay-file"]', {
			name: 'locked.pdf',
			mimeType: 'application/pdf',
			buffer: encryptedPdf()
		});
		await expect
			.poll(() => page.locator('[data-testid="form-error"]').textContent())
			.toMatch(/^locked\.pdf: the PDF is encrypted with a password/);
		expect(await page.locator('[data-testid="reading-review"]').count()).toBe(0);
		expect(await mapCount()).toBe(before);
		await page.context().close();
	});

	it.each([1440, 390])('review step screenshot at %i px', { timeout: 90_000 }, async (width) => {
		const pdf = await essayPdf(app.browser, essayHtml(essay));
		const page = await home(width, 900);
		await page.setInputFiles('[data-testid="essay-file"]', {
			name: 'China digging in.pdf',
			mimeType: 'application/pdf',
			buffer: pdf
		});
		const review = page.locator('[data-testid="reading-review"]');
		await review.waitFor({ timeout: 60_000 });
		await review.scrollIntoViewIfNeeded();
		// Nothing of the review may stick out of the window sideways.
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBe(0);
		await review.screenshot({ path: join(RESULTS, `home-reading-review-${width}.png`) });
		await page.screenshot({
			path: join(RESULTS, `home-reading-page-${width}.png`),
			fullPage: true
		});
		await page.context().close();
	});
});
