/**
 * Pictures without a browser against today's Chromium path, side by side in one run
 * (`npm run bench -- image-export`, or `npx tsx bench/image-export.bench.ts`).
 *
 * - browserless: `renderImage` (`src/server/render/image.ts`), what the HTTP export runs in its
 *   worker and the CLI runs in its process: SVG measured with the bundled fonts, PNG by resvg, PDF
 *   by pdfkit with embedded font subsets.
 * - Chromium: the CLI's former path (`scripts/export/chromium.ts`): labels measured in Chromium, the
 *   SVG shot as PNG, or printed as a one-page PDF. Chromium's start (about a second) is not counted.
 *
 * Maps: the largest in maps/ (the essay map) and a generated 1,000-node map (seeded, stored on a
 * grid). Each figure is the median of `runs` after one warm-up run; sizes are the files' bytes.
 */
import type { MapFile } from '../src/lib/model/mapfile';
import { charactersOf } from '../src/lib/drawing/char-measure';
import { exportToSvgDocument } from '../src/lib/drawing/svg';
import { sourceLineOf } from '../src/lib/drawing/svg-input';
import { generateMap, gridPositions } from '../src/lib/drawing/testing/generate';
import { EXPORT_DEFAULTS } from '../src/lib/export/options';
import { renderImage, type ImageRequest } from '../src/server/render/image';
import {
	chromiumMeasure,
	launchChromium,
	renderPdf,
	renderRaster
} from '../scripts/export/chromium';
import { largestMap, medianMs } from './export-inputs';

/** Median time of `runs` calls after a warm-up, and the size the last call reported. */
async function measure(
	runs: number,
	fn: () => Promise<number>
): Promise<{ ms: number; bytes: number }> {
	let bytes = 0;
	const ms = await medianMs(runs, async () => {
		bytes = await fn();
	});
	return { ms, bytes };
}

const fmt = (r: { ms: number; bytes: number }) =>
	`${r.ms.toFixed(0)} ms, ${(r.bytes / 1e6).toFixed(2)} MB`;

const essay = largestMap();
const generated = generateMap(1000, 7, gridPositions) as unknown as MapFile;
generated.meta = { ...essay.file.meta, title: 'Generated map (1,000 nodes)' };
const maps = [
	{ label: `${essay.name} (${essay.file.nodes.length} nodes)`, file: essay.file, runs: 3 },
	{ label: `generated (${generated.nodes.length} nodes)`, file: generated, runs: 1 }
];

const request = (over: Partial<ImageRequest>): ImageRequest => ({
	format: 'png',
	scope: 'all',
	scale: 1,
	slide: null,
	background: EXPORT_DEFAULTS.background,
	page: EXPORT_DEFAULTS.page,
	orientation: EXPORT_DEFAULTS.orientation,
	layout: EXPORT_DEFAULTS.pdfLayout,
	title: true,
	sourceLine: true,
	legend: true,
	...over
});

console.log(
	'image export: browserless (resvg, pdfkit) vs Chromium, median after a warm-up; defaults on (title, source, legend)'
);
const browser = await launchChromium();
try {
	for (const { label, file, runs } of maps) {
		const svgOpts = {
			title: file.meta.title,
			sourceLine: sourceLineOf(file.meta),
			legend: true
		};
		const cm = await chromiumMeasure(
			browser,
			charactersOf(file, [svgOpts.title, svgOpts.sourceLine])
		);
		for (const scale of [1, 2]) {
			const ours = await measure(runs, async () => {
				const r = await renderImage(file, request({ format: 'png', scale }));
				return r.bytes.byteLength;
			});
			const theirs = await measure(runs, async () => {
				// The Chromium path measures in the browser (warm page) and draws the same SVG export.
				const doc = exportToSvgDocument(file, { ...svgOpts, measure: cm });
				const r = await renderRaster(browser, doc, { format: 'png', scale, transparent: false });
				return r.bytes.byteLength;
			});
			console.log(
				`png ${scale}x ${label}: browserless ${fmt(ours)}; Chromium ${fmt(theirs)}; time ratio ${(ours.ms / theirs.ms).toFixed(2)}`
			);
		}
		const page = await measure(runs, async () => {
			const r = await renderImage(file, request({ format: 'pdf', layout: 'page' }));
			return r.bytes.byteLength;
		});
		const chromePdf = await measure(runs, async () => {
			const doc = exportToSvgDocument(file, { ...svgOpts, measure: cm });
			const r = await renderPdf(browser, doc, { page: 'a4', orientation: 'auto' });
			return r.bytes.byteLength;
		});
		let pages = '';
		const handout = await measure(runs, async () => {
			const r = await renderImage(file, request({ format: 'pdf', layout: 'handout' }));
			pages = r.summary;
			return r.bytes.byteLength;
		});
		console.log(
			`pdf a4 one page ${label}: browserless ${fmt(page)}; Chromium ${fmt(chromePdf)}; time ratio ${(page.ms / chromePdf.ms).toFixed(2)}`
		);
		console.log(`pdf a4 handout ${label}: browserless ${fmt(handout)} (${pages})`);
	}
} finally {
	await browser.close();
}
