/**
 * `npm run export -- <map id | file.json> --format FORMAT --out FILE [options]`: exports a map to
 * an image (png, jpeg, svg, pdf) or a data format (json, aif, argdown, md, annotations).
 * SVG, PNG (also 16:9 slides) and PDF (handout or one page) are drawn in Node without a browser,
 * by the renderer the server's HTTP export uses (`src/server/render/image.ts`): the same file for
 * the same options. Only JPEG still goes through headless Chromium.
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
	if (args.format !== 'jpeg') {
		const { renderImage } = await import('../src/server/render/image');
		const image = await renderImage(file, {
			format: args.format,
			scope: 'all',
			scale: args.scale,
			slide: args.slide,
			background: args.background,
			page: args.page,
			orientation: args.orientation,
			layout: args.layout,
			title: args.title,
			sourceLine: args.source,
			legend: args.legend
		});
		writeFileSync(args.out, image.bytes);
		return `wrote ${args.out} (${args.format}, ${image.summary})`;
	}
	const { exportToSvgDocument } = await import('../src/lib/drawing/svg');
	const svgOpts: SvgOptions = {
		background: 'white',
		title: args.title ? file.meta.title : undefined,
		sourceLine: args.source ? sourceLineOf(file.meta) : undefined,
		legend: args.legend
	};
	const { chromiumMeasure, launchChromium, renderRaster } = await import('./export/chromium');
	const { charactersOf } = await import('../src/lib/drawing/char-measure');
	const browser = await launchChromium();
	try {
		const extra = [svgOpts.title ?? '', svgOpts.sourceLine ?? ''];
		const measure = await chromiumMeasure(browser, charactersOf(file, extra));
		const doc = exportToSvgDocument(file, { ...svgOpts, measure });
		const raster = await renderRaster(browser, doc, {
			format: 'jpeg',
			scale: args.scale,
			transparent: false
		});
		writeFileSync(args.out, raster.bytes);
		const lowered = raster.scale < args.scale ? `; scale lowered from ${args.scale} to fit` : '';
		return `wrote ${args.out} (jpeg, ${raster.width}x${raster.height} px at ${raster.scale}x${lowered}, ${doc.nodeCount} nodes)`;
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
		map = await loadMap(
			args.map,
			{ dataDir: process.env.DATA_DIR || './data', mapsDir: process.env.MAPS_DIR || './maps' },
			args.version
		);
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
