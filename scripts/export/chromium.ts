/**
 * Rendering in headless Chromium (Debian's /usr/bin/chromium through playwright-core, with the
 * launch flags of `tests/helpers/browser.ts`): text measurement at the editor's label font, PNG and
 * JPEG screenshots of the SVG, and vector PDF pages. Used by the CLI and the export benchmark.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { charMeasure } from '../../src/lib/drawing/char-measure';
import { fitToPage, type Orientation, type PageSize } from '../../src/lib/export/page';
import { fitScale, pixelSize } from '../../src/lib/export/image-limits';
import type { SvgDocument } from '../../src/lib/drawing/svg-types';
import { LABEL_FONT, type Measure } from '../../src/lib/drawing/label';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/helpers/browser';

export async function launchChromium(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH))
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium)`
		);
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A measure for `chars`, from their advance widths in this Chromium's label font: the same font
 * the screenshot then draws, so wrapped lines fit their boxes.
 */
export async function chromiumMeasure(
	browser: Browser,
	chars: readonly string[]
): Promise<Measure> {
	const page = await browser.newPage();
	try {
		const widths = await page.evaluate(
			({ font, chars }) => {
				const ctx = document.createElement('canvas').getContext('2d');
				if (!ctx) return null;
				ctx.font = font;
				return chars.map((ch) => ctx.measureText(ch).width);
			},
			{ font: LABEL_FONT, chars: [...chars] }
		);
		if (!widths) throw new Error('Chromium has no 2D canvas to measure text with');
		return charMeasure(new Map(chars.map((ch, i) => [ch, widths[i]])));
	} finally {
		await page.close();
	}
}

/** The SVG alone on a page with no margins, so page pixels are picture pixels. */
const pageFor = (svg: string, css = '') =>
	`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}${css}</style></head><body>${svg}</body></html>`;

export interface RasterResult {
	bytes: Buffer;
	/** The scale used: the one asked for, or lower when the picture would pass the size limits. */
	scale: number;
	width: number;
	height: number;
}

export async function renderRaster(
	browser: Browser,
	doc: SvgDocument,
	opts: { format: 'png' | 'jpeg'; scale: number; transparent: boolean }
): Promise<RasterResult> {
	const scale = fitScale(doc.width, doc.height, opts.scale);
	const px = pixelSize(doc.width, doc.height, scale);
	// The SVG is stretched to the pixel size by CSS (it has a viewBox, so it scales as vectors)
	// and shot at device scale 1: the page is never larger than the picture, which keeps
	// Chromium fast and within its limits even when a huge map is drawn below 1x.
	const context = await browser.newContext({ viewport: { width: px.w, height: px.h } });
	try {
		const page = await context.newPage();
		await page.setContent(pageFor(doc.svg, `svg{width:${px.w}px;height:${px.h}px}`));
		const bytes = await page.screenshot({
			type: opts.format,
			clip: { x: 0, y: 0, width: px.w, height: px.h },
			omitBackground: opts.format === 'png' && opts.transparent,
			timeout: 120_000,
			...(opts.format === 'jpeg' ? { quality: 92 } : {})
		});
		return { bytes, scale, width: px.w, height: px.h };
	} finally {
		await context.close();
	}
}

export async function renderPdf(
	browser: Browser,
	doc: SvgDocument,
	opts: { page: PageSize; orientation: Orientation }
): Promise<{ bytes: Buffer; orientation: 'portrait' | 'landscape' }> {
	const fit = fitToPage(doc, { page: opts.page, orientation: opts.orientation });
	// Chromium lays out in CSS pixels (96 per inch) and prints them at 72 points per inch.
	const px = (pt: number) => (pt * 96) / 72;
	const css =
		`@page{size:${fit.pageW}pt ${fit.pageH}pt;margin:0}` +
		`svg{position:absolute;left:${px(fit.x)}px;top:${px(fit.y)}px;width:${px(fit.w)}px;height:${px(fit.h)}px}`;
	const page = await browser.newPage();
	try {
		await page.setContent(pageFor(doc.svg, css));
		const bytes = await page.pdf({
			preferCSSPageSize: true,
			printBackground: true,
			margin: { top: '0', right: '0', bottom: '0', left: '0' }
		});
		return { bytes, orientation: fit.orientation };
	} finally {
		await page.close();
	}
}
