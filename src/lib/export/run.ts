/**
 * One export as the menu runs it in the browser: map -> SVG -> (PNG | JPEG | slide), or map -> data
 * format, with progress reported and a yield to the page between stages, so a large map shows its
 * progress and never freezes the editor. PDFs (one page or the handout) are drawn by the server
 * from the saved map (`GET /api/maps/<id>/export?format=pdf`), the one PDF writer, which embeds
 * its bundled Unicode fonts; the page keeps no font files or PDF library of its own. Browser only.
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
import { imageQuery, type PdfLayout, type SlideSize } from './options';
import { SLIDE_SCALE, slideDocument } from './slide';
import { svgToRaster } from './raster';
import { exportToSvgDocument } from '$lib/drawing/svg';
import type { Background, ExportInput, ExportScope } from '$lib/drawing/svg-types';

export type ImageFormat = 'png' | 'jpeg' | 'svg' | 'pdf' | 'slide';
export type ExportFormat = ImageFormat | DataFormat;

export interface ExportRequest {
	format: ExportFormat;
	scope: ExportScope;
	scale: number;
	background: Background;
	page: PageSize;
	orientation: Orientation;
	pdfLayout: PdfLayout;
	slide: SlideSize;
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
	pdf: 'application/pdf',
	slide: 'image/png'
};

/** Where a PDF comes from: the map's export URL on this server, with the page's token. */
export interface PdfSource {
	mapId: string;
	token: string | null;
	/** Aborts the request (the menu closed). */
	signal?: AbortSignal;
}

/** URLs longer than this are refused by Node's header limit (16 KB): say so before asking. */
const MAX_URL = 12_000;

async function fetchPdf(
	req: ExportRequest,
	source: PdfSource
): Promise<{ blob: Blob; summary: string }> {
	const query = imageQuery({
		format: 'pdf',
		scope: req.scope,
		layout: req.pdfLayout,
		page: req.page,
		orientation: req.orientation,
		title: req.title,
		sourceLine: req.sourceLine,
		legend: req.legend
	});
	if (source.token) query.set('token', source.token);
	const url = `/api/maps/${encodeURIComponent(source.mapId)}/export?${query}`;
	if (url.length > MAX_URL)
		throw new Error('the selection is too large for a PDF: export the whole map or the view');
	const res = await fetch(url, { signal: source.signal });
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as { error?: string } | null;
		throw new Error(body?.error ?? `the server answered ${res.status}`);
	}
	const summary = decodeURIComponent(res.headers.get('x-warrant-export') ?? 'PDF');
	return { blob: await res.blob(), summary };
}

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
	onProgress: (p: Progress) => void = () => {},
	pdfSource?: PdfSource
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
	if (format === 'pdf') {
		if (!pdfSource) throw new Error('PDFs are drawn by the server, and this map has none');
		await step(0.2, 'The server is drawing the PDF');
		const pdf = await fetchPdf(req, pdfSource);
		await step(1, 'Done');
		return { blob: pdf.blob, filename: exportFileName(title, 'pdf'), summary: pdf.summary };
	}
	const input = asInput(map, false);
	await step(0.15, 'Drawing the map');
	const svgOpts = {
		scope: req.scope,
		background: format === 'jpeg' ? ('white' as const) : req.background,
		title: req.title ? title : undefined,
		sourceLine: req.sourceLine ? sourceLineOf(input.meta) : undefined,
		legend: req.legend,
		measure: canvasMeasure()
	};
	if (format === 'slide') {
		const slide = slideDocument(input, svgOpts);
		const raster = await svgToRaster(slide, {
			format: 'png',
			scale: SLIDE_SCALE[req.slide],
			background: req.background
		});
		await step(1, 'Done');
		const cut = slide.cropped ? '; cut to keep the labels readable' : '';
		return {
			blob: raster.blob,
			filename: exportFileName(title, `slide-${raster.width}x${raster.height}.png`),
			summary: `${raster.width} x ${raster.height} px slide, labels ${slide.labelPx.toFixed(1)} px at 1920${cut}`
		};
	}
	const doc = exportToSvgDocument(input, svgOpts);
	const filename = exportFileName(title, FILE_EXT[format]);
	if (format === 'svg') {
		await step(1, 'Done');
		return {
			blob: new Blob([doc.svg], { type: MIME.svg }),
			filename,
			summary: `${doc.width} x ${doc.height}, ${doc.nodeCount} nodes`
		};
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
