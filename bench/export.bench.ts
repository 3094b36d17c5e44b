/**
 * Export benchmarks (`npx tsx bench/export.bench.ts`, or `npm run bench -- export`). Measured as a
 * user gets each format: SVG built in Node by `exportToSvgDocument` (what the CLI and the menu
 * both run), PNG at 2x and PDF drawn from that SVG in headless Chromium by the CLI's own functions
 * (`scripts/export/chromium.ts`). Maps: the largest in maps/ and a generated 1,000-node map
 * (seeded; nodes stored on a 32-column grid, and once without positions so that the dagre
 * layout is timed too).
 */
import type { MapFile } from '../src/lib/model/mapfile';
import type { MapView } from '../src/lib/model/read';
import { charactersOf } from '../src/lib/drawing/char-measure';
import { exportToSvgDocument } from '../src/lib/drawing/svg';
import { generateMap, gridPositions } from '../src/lib/drawing/testing/generate';
import {
	chromiumMeasure,
	launchChromium,
	renderPdf,
	renderRaster
} from '../scripts/export/chromium';
import { largestMap, medianMs as median } from './export-inputs';

const ms = (n: number) => `${n.toFixed(0)} ms`;

const essay = largestMap();
const placed = generateMap(1000, 7, gridPositions);
const unplaced = generateMap(1000, 7);
const maps: Array<{ label: string; map: MapFile | MapView; runs: number }> = [
	{ label: `${essay.name} (${essay.file.nodes.length} nodes)`, map: essay.file, runs: 9 },
	{ label: `generated map (${placed.nodes.length} nodes)`, map: placed, runs: 3 }
];

const svgOpts = { title: 'Bench', legend: true };
for (const { label, map, runs } of maps) {
	const t = await median(runs * 2, () => exportToSvgDocument(map, svgOpts));
	console.log(`svg ${label}: median ${ms(t)}`);
}
const dagre = await median(3, () => exportToSvgDocument(unplaced, svgOpts));
console.log(
	`svg generated map (${unplaced.nodes.length} nodes, no positions: dagre layout): median ${ms(dagre)}`
);

const browser = await launchChromium();
try {
	for (const { label, map, runs } of maps) {
		const measure = await chromiumMeasure(browser, charactersOf(map, ['Bench']));
		const doc = exportToSvgDocument(map, { ...svgOpts, measure });
		let size = '';
		const png = await median(runs, async () => {
			const r = await renderRaster(browser, doc, { format: 'png', scale: 2, transparent: false });
			size = `${r.width}x${r.height} px at ${r.scale}x, ${(r.bytes.length / 1e6).toFixed(1)} MB`;
		});
		console.log(`png 2x ${label}: median ${ms(png)} (${size})`);
		const pdf = await median(runs, () =>
			renderPdf(browser, doc, { page: 'a4', orientation: 'auto' })
		);
		console.log(`pdf a4 ${label}: median ${ms(pdf)}`);
	}
} finally {
	await browser.close();
}
