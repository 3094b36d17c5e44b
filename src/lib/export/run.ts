/**
 * One export as the menu runs it in the browser: map -> SVG -> (PNG | JPEG | PDF), or map -> data
 * format, with progress reported and a yield to the page between stages, so a large map shows its
 * progress and never freezes the editor. Browser only (the CLI has its own renderer).
 */
import type * as Y from 'yjs';
import { readMap } from '$lib/model/read';
import { docToFile, type MapFile } from '$lib/model/mapfile';
import { exportMap } from '$lib/formats/export';
import type { DataFormat } from '$lib/formats/types';
import { canvasMeasure } from '$lib/drawing/canvas-measure';
import { FILE_EXT, exportFileName } from './filename';
import { nextFrame } from './frames';
import { sourceLineOf } from '$lib/drawing/svg-input';
import type { Orientation, PageSize } from './page';
import { svgToPdf } from './pdf';
import { svgToRaster } from './raster';
import { exportToSvgDocument } from '$lib/drawing/svg';
import type { Background, ExportInput, ExportScope } from '$lib/drawing/svg-types';

export type ImageFormat = 'png' | 'jpeg' | 'svg' | 'pdf';
export type ExportFormat = ImageFormat | DataFormat;

export interface ExportRequest {
	format: ExportFormat;
	scope: ExportScope;
	scale: number;
	background: Background;
	page: PageSize;
	orientation: Orientation;
	title: boolean;
	sourceLine: boolean;
	legend: boolean;
}

export interface Progress {
	/** 0..1 */
	done: number;
	/** What is happening, for a screen reader and the menu's status line. */
	label: string;
}

export interface ExportedFile {
	blob: Blob;
	filename: string;
	/** A line for the user, e.g. "2400 x 1400 px at 2x". */
	summary: string;
}

const MIME: Record<ImageFormat, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	svg: 'image/svg+xml',
	pdf: 'application/pdf'
};

export const isImageFormat = (f: ExportFormat): f is ImageFormat => f in MIME;

/** The map as the exporters take it: a map file from a Y.Doc (valid records only) or as given. */
function asInput(map: MapFile | Y.Doc, needFile: boolean): ExportInput {
	if (!('getMap' in map)) return map;
	return needFile ? docToFile(map) : readMap(map);
}

export async function runExport(
	map: MapFile | Y.Doc,
	req: ExportRequest,
	title: string,
	onProgress: (p: Progress) => void = () => {}
): Promise<ExportedFile> {
	const step = async (done: number, label: string) => {
		onProgress({ done, label });
		await nextFrame();
	};
	await step(0.05, 'Reading the map');
	const format = req.format;
	if (!isImageFormat(format)) {
		const file = asInput(map, true) as MapFile;
		const result = exportMap(file, format);
		await step(1, 'Done');
		return {
			blob: new Blob([result.body], { type: result.mime }),
			filename: exportFileName(title, result.ext),
			summary: `${format}, ${result.body.length.toLocaleString()} characters`
		};
	}
	const input = asInput(map, false);
	await step(0.15, 'Drawing the map');
	const doc = exportToSvgDocument(input, {
		scope: req.scope,
		background: format === 'png' || format === 'svg' ? req.background : 'white',
		title: req.title ? title : undefined,
		sourceLine: req.sourceLine ? sourceLineOf(input.meta) : undefined,
		legend: req.legend,
		measure: canvasMeasure()
	});
	const filename = exportFileName(title, FILE_EXT[format]);
	if (format === 'svg') {
		await step(1, 'Done');
		return {
			blob: new Blob([doc.svg], { type: MIME.svg }),
			filename,
			summary: `${doc.width} x ${doc.height}, ${doc.nodeCount} nodes`
		};
	}
	if (format === 'pdf') {
		await step(0.4, 'Writing the PDF');
		const blob = await svgToPdf(doc, { page: req.page, orientation: req.orientation });
		await step(1, 'Done');
		return { blob, filename, summary: `${req.page.toUpperCase()}, ${doc.nodeCount} nodes` };
	}
	const stages = {
		load: [0.3, 'Loading the picture'],
		draw: [0.55, 'Drawing pixels'],
		encode: [0.8, `Encoding the ${format.toUpperCase()}`]
	} as const;
	const raster = await svgToRaster(
		doc,
		{ format, scale: req.scale, background: req.background },
		(s) => step(stages[s][0], stages[s][1])
	);
	await step(1, 'Done');
	const lowered = raster.scale < req.scale ? ` (lowered from ${req.scale}x to fit)` : '';
	return {
		blob: raster.blob,
		filename,
		summary: `${raster.width} x ${raster.height} px at ${raster.scale}x${lowered}`
	};
}

/** Saves a blob under `filename` through a temporary link. */
export function download(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	// Some browsers read the URL after the click's task has ended: release it a while later.
	setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
