/**
 * `npm run export -- <map id | file.json> --format FORMAT --out FILE [options]`: exports a map to
 * an image (png, jpeg, svg, pdf) or a data format (json, aif, argdown, md, annotations).
 * SVG is built in Node; PNG, JPEG and PDF are drawn from that SVG in headless Chromium.
 *
 * Exit status: 0 done; 1 bad arguments or input (unknown option or format, missing --out, scale
 * out of range, unknown map, unreadable or invalid file); 2 the export itself failed (Chromium
 * missing or crashed, output not writable). Errors are one line on stderr.
 */
import { writeFileSync } from 'node:fs';
import { isDataFormat } from '../src/lib/formats/types';
import type { SvgOptions } from '../src/lib/drawing/svg-types';
import { USAGE, UsageError, parseArgs, type ExportArgs } from './export/args';
import type { LoadedMap } from './export/load';

// Heavy modules (SQLite, Yjs, the exporters, playwright) are imported only once the arguments are
// known to be good and only those the format needs, so a mistyped command answers at once.

async function run(args: ExportArgs, map: LoadedMap): Promise<string> {
	const { file } = map;
	if (isDataFormat(args.format)) {
		const { exportMap } = await import('../src/lib/formats/export');
		const result = exportMap(file, args.format, { mapId: map.id });
		writeFileSync(args.out, result.body);
		return `wrote ${args.out} (${args.format}, ${Buffer.byteLength(result.body)} bytes)`;
	}
	const { sourceLineOf } = await import('../src/lib/drawing/svg-input');
	const { exportToSvgDocument } = await import('../src/lib/drawing/svg');
	const svgOpts: SvgOptions = {
		background: args.format === 'png' || args.format === 'svg' ? args.background : 'white',
		title: args.title ? file.meta.title : undefined,
		sourceLine: args.source ? sourceLineOf(file.meta) : undefined,
		legend: args.legend
	};
	if (args.format === 'svg') {
		// No browser here: text is measured with the editor's width estimate.
		const doc = exportToSvgDocument(file, svgOpts);
		writeFileSync(args.out, doc.svg);
		return `wrote ${args.out} (svg, ${doc.width}x${doc.height}, ${doc.nodeCount} nodes)`;
	}
	const { chromiumMeasure, launchChromium, renderPdf, renderRaster } =
		await import('./export/chromium');
	const { charactersOf } = await import('../src/lib/drawing/char-measure');
	const browser = await launchChromium();
	try {
		const extra = [svgOpts.title ?? '', svgOpts.sourceLine ?? ''];
		const measure = await chromiumMeasure(browser, charactersOf(file, extra));
		const doc = exportToSvgDocument(file, { ...svgOpts, measure });
		if (args.format === 'pdf') {
			const pdf = await renderPdf(browser, doc, args);
			writeFileSync(args.out, pdf.bytes);
			return `wrote ${args.out} (pdf, ${args.page} ${pdf.orientation}, ${doc.nodeCount} nodes)`;
		}
		const raster = await renderRaster(browser, doc, {
			format: args.format,
			scale: args.scale,
			transparent: args.background === 'transparent'
		});
		writeFileSync(args.out, raster.bytes);
		const lowered = raster.scale < args.scale ? `; scale lowered from ${args.scale} to fit` : '';
		return `wrote ${args.out} (${args.format}, ${raster.width}x${raster.height} px at ${raster.scale}x${lowered}, ${doc.nodeCount} nodes)`;
	} finally {
		await browser.close();
	}
}

async function main(argv: string[]): Promise<number> {
	let args: ExportArgs | null;
	let map: LoadedMap;
	try {
		args = parseArgs(argv);
		if (!args) {
			console.log(USAGE);
			return 0;
		}
		const { loadMap } = await import('./export/load');
		map = await loadMap(args.map, {
			dataDir: process.env.DATA_DIR || './data',
			mapsDir: process.env.MAPS_DIR || './maps'
		});
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		console.error(`export: ${message.split('\n')[0]}`);
		return err instanceof UsageError ? 1 : 2;
	}
	console.log(`read map ${map.id} from ${map.from}`);
	try {
		console.log(await run(args, map));
		return 0;
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		console.error(`export: failed: ${message.split('\n')[0]}`);
		return 2;
	}
}

process.exitCode = await main(process.argv.slice(2));
