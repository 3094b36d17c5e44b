/**
 * PDF in the browser: the SVG drawn as vectors by svg2pdf.js onto one jsPDF page, fitted with
 * `fitToPage`. Both libraries load only when a PDF is asked for. Browser only.
 *
 * jsPDF's built-in fonts are used (the font stack maps to Helvetica), which cover Latin-1 text;
 * the CLI's PDF, printed by Chromium, embeds real fonts for other scripts.
 */
import { fitToPage, type Orientation, type PageSize } from './page';
import type { SvgDocument } from '$lib/drawing/svg-types';

export interface PdfOptions {
	page: PageSize;
	orientation: Orientation;
}

export async function svgToPdf(doc: SvgDocument, opts: PdfOptions): Promise<Blob> {
	const [{ jsPDF }, { svg2pdf }] = await Promise.all([import('jspdf'), import('svg2pdf.js')]);
	const fit = fitToPage(doc, opts);
	const pdf = new jsPDF({ orientation: fit.orientation, unit: 'pt', format: fit.page });
	const parsed = new DOMParser().parseFromString(doc.svg, 'image/svg+xml');
	const svg = parsed.documentElement;
	if (svg.nodeName !== 'svg') throw new Error('the exported SVG did not parse');
	// svg2pdf reads computed styles, which only elements in a document have: attach it unseen.
	const holder = document.createElement('div');
	holder.style.cssText = 'position:fixed;left:-100000px;top:0;visibility:hidden';
	holder.append(document.importNode(svg, true));
	document.body.append(holder);
	try {
		await svg2pdf(holder.firstElementChild!, pdf, {
			x: fit.x,
			y: fit.y,
			width: fit.w,
			height: fit.h
		});
	} finally {
		holder.remove();
	}
	return pdf.output('blob');
}
