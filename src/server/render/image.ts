/**
 * One picture of a map, made without a browser: map -> SVG export (measured with the bundled
 * fonts) -> SVG text, PNG (resvg) or PDF (pdfkit). Shared by the HTTP export (in the worker pool),
 * the CLI and the benchmark, so all three give the same file for the same options.
 */
import { exportToSvgDocument } from '$lib/drawing/svg';
import { sourceLineOf } from '$lib/drawing/svg-input';
import type { ExportInput, ExportScope, SvgDocument, SvgOptions } from '$lib/drawing/svg-types';
import { exportFileName } from '$lib/export/filename';
import type { Orientation, PageSize } from '$lib/export/page';
import type { PdfLayout, SlideSize } from '$lib/export/options';
import { SLIDE_SCALE, slideDocument } from '$lib/export/slide';
import type { Background } from '$lib/drawing/svg-types';
import { fontMeasure } from './fonts';
import { svgToPdf } from './pdf';
import { svgToPng } from './png';

export const SERVER_IMAGE_FORMATS = ['svg', 'png', 'pdf'] as const;
export type ServerImageFormat = (typeof SERVER_IMAGE_FORMATS)[number];

export interface ImageRequest {
	format: ServerImageFormat;
	scope: ExportScope;
	/** PNG: pixels per picture px (1-4). */
	scale: number;
	/** PNG: a 16:9 slide of this height instead of the picture at `scale`. */
	slide: SlideSize | null;
	background: Background;
	page: PageSize;
	orientation: Orientation;
	layout: PdfLayout;
	title: boolean;
	sourceLine: boolean;
	legend: boolean;
}

export interface ImageResult {
	bytes: Uint8Array;
	mime: string;
	filename: string;
	/** One line on what was made, e.g. "25 pages, A4 portrait" or "1920x1080 px". */
	summary: string;
}

export async function renderImage(input: ExportInput, req: ImageRequest): Promise<ImageResult> {
	const title = input.meta?.title?.trim() || 'Argument map';
	const opts: SvgOptions = {
		scope: req.scope,
		background: req.format === 'pdf' ? 'white' : req.background,
		title: req.title ? title : undefined,
		sourceLine: req.sourceLine ? sourceLineOf(input.meta ?? null) : undefined,
		legend: req.legend,
		measure: fontMeasure()
	};
	if (req.format === 'png' && req.slide) {
		const slide = slideDocument(input, opts);
		const png = svgToPng(slide, SLIDE_SCALE[req.slide]);
		const cut = slide.cropped ? ', cut to keep labels readable' : '';
		return {
			bytes: png.bytes,
			mime: 'image/png',
			filename: exportFileName(title, `slide-${png.width}x${png.height}.png`),
			summary: `${png.width}x${png.height} px slide, labels ${slide.labelPx.toFixed(1)} px at 1920${cut}`
		};
	}
	const doc: SvgDocument = exportToSvgDocument(input, opts);
	if (req.format === 'svg')
		return {
			bytes: new TextEncoder().encode(doc.svg),
			mime: 'image/svg+xml',
			filename: exportFileName(title, 'svg'),
			summary: `${doc.width}x${doc.height}, ${doc.nodeCount} nodes`
		};
	if (req.format === 'png') {
		const png = svgToPng(doc, req.scale);
		const lowered = png.scale < req.scale ? ` (lowered from ${req.scale}x to fit)` : '';
		return {
			bytes: png.bytes,
			mime: 'image/png',
			filename: exportFileName(title, 'png'),
			summary: `${png.width}x${png.height} px at ${png.scale}x${lowered}`
		};
	}
	const pdf = await svgToPdf(doc, {
		layout: req.layout,
		page: req.page,
		orientation: req.orientation,
		title
	});
	return {
		bytes: pdf.bytes,
		mime: 'application/pdf',
		filename: exportFileName(title, 'pdf'),
		summary: `${pdf.pages} ${pdf.pages === 1 ? 'page' : 'pages'}, ${req.page.toUpperCase()} ${pdf.orientation}${req.layout === 'handout' ? ' handout' : ''}`
	};
}
