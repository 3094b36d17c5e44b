/**
 * PDF from the SVG export, in Node, with pdfkit: the SVG (our own, from `exportToSvgDocument`) is
 * parsed and its few element kinds — g (translate, clip-path), rect, path, circle, text/tspan —
 * are drawn as PDF vectors and text. Text is set in the bundled fonts (`fonts.ts`), in runs per
 * face, and pdfkit embeds a subset of each face used, so Swedish, Chinese and typographic quotes
 * print on any machine and stay searchable, copyable text.
 *
 * Two layouts: `page` (the whole picture fitted onto one page, as before) and `handout` (tiles at
 * natural size with overlap marks and an overview page; see `$lib/export/handout.ts`).
 */
import PDFDocument from 'pdfkit';
import { DOMParser } from 'linkedom';
import { fitToPage, type Orientation, type PageSize } from '$lib/export/page';
import { neighbour, planHandout, type HandoutPlan, type Tile } from '$lib/export/handout';
import type { SvgDocument } from '$lib/drawing/svg-types';
import {
	LABEL_LINE_HEIGHT,
	LABEL_MAX_LINES,
	LABEL_MAX_WIDTH,
	NODE_PAD_X,
	NODE_PAD_Y
} from '$lib/drawing/label';
import { advance, fontRuns, styleOf, type FaceStyle } from './fonts';

export type PdfLayout = 'page' | 'handout';

export interface PdfRequest {
	layout: PdfLayout;
	page: PageSize;
	orientation: Orientation;
	/** For the handout's page headings. */
	title: string;
}

export interface PdfResult {
	bytes: Uint8Array;
	pages: number;
	orientation: 'portrait' | 'landscape';
}

type Doc = PDFKit.PDFDocument;

interface El {
	tagName: string;
	getAttribute(name: string): string | null;
	children: ArrayLike<El>;
	textContent: string | null;
}

interface Inherited {
	/** Where this element's origin lies in picture px (the translations above it). */
	ox: number;
	oy: number;
	fontSize: number;
	bold: boolean;
	italic: boolean;
	fill: string;
	anchor: string;
}

const attrNum = (el: El, name: string, fallback = 0): number => {
	const v = Number(el.getAttribute(name));
	return Number.isFinite(v) && el.getAttribute(name) !== null ? v : fallback;
};

/** pdfkit takes a dash pattern array (its typings only say a number). */
const dashed = (pdf: Doc, pattern: number[]) => pdf.dash(pattern as unknown as number, {});

/**
 * Half the largest node box (the widest label and seven lines, padded), with room for shapes that
 * reach past the box and for borders. Culling with it never drops a node that shows on a page.
 */
const NODE_REACH = {
	x: (LABEL_MAX_WIDTH + 2 * NODE_PAD_X) / 2 + 24,
	y: (LABEL_MAX_LINES * LABEL_LINE_HEIGHT + 2 * NODE_PAD_Y) / 2 + 24
};

const TRANSLATE = /^\s*translate\(\s*(-?[\d.eE+-]+)[\s,]+(-?[\d.eE+-]+)\s*\)\s*$/;

/** Registers the faces a run needs under their file names (once per document). */
function useFace(pdf: Doc, file: string, bytes: Buffer, registered: Set<string>) {
	if (!registered.has(file)) {
		pdf.registerFont(file, bytes);
		registered.add(file);
	}
	pdf.font(file);
}

/** Draws one line of text in font runs; (x, y) is the baseline start, or its middle for 'middle'. */
export function drawText(
	pdf: Doc,
	registered: Set<string>,
	text: string,
	x: number,
	y: number,
	size: number,
	style: FaceStyle,
	colour: string,
	anchor = 'start'
): number {
	const runs = fontRuns(text, style);
	const widths = runs.map((r) => advance(r.face, r.text, size));
	const total = widths.reduce((a, b) => a + b, 0);
	let cx = anchor === 'middle' ? x - total / 2 : anchor === 'end' ? x - total : x;
	pdf.fillColor(colour).fillOpacity(1);
	runs.forEach((run, i) => {
		useFace(pdf, run.face.file, run.face.bytes, registered);
		pdf.fontSize(size).text(run.text, cx, y, { lineBreak: false, baseline: 'alphabetic' });
		cx += widths[i];
	});
	return total;
}

class SvgPainter {
	private readonly clips = new Map<string, El>();
	constructor(
		private readonly pdf: Doc,
		private readonly registered: Set<string>,
		root: El,
		private readonly withText: boolean,
		/**
		 * The part of the picture (px) a page shows: nodes, edges and junctions wholly outside it are
		 * skipped, so a handout of a large map does not draw the whole map on every page.
		 */
		private readonly cull: { x: number; y: number; w: number; h: number } | null = null
	) {
		for (const el of all(root)) if (el.tagName.toLowerCase() === 'clippath') this.register(el);
	}

	/** The box of a map element in picture px, if it is one whose box is known cheaply. */
	private boxOf(
		el: El,
		tag: string,
		inh: Inherited,
		dx: number,
		dy: number
	): { x0: number; y0: number; x1: number; y1: number } | null {
		const cls = el.getAttribute('class') ?? '';
		if (tag === 'g' && cls.startsWith('node ')) {
			const cx = inh.ox + dx;
			const cy = inh.oy + dy;
			return {
				x0: cx - NODE_REACH.x,
				y0: cy - NODE_REACH.y,
				x1: cx + NODE_REACH.x,
				y1: cy + NODE_REACH.y
			};
		}
		if (tag === 'g' && cls.startsWith('edge')) {
			const d = Array.from(el.children)
				.find((c) => c.tagName.toLowerCase() === 'path')
				?.getAttribute('d');
			const nums = (d ?? '').match(/-?[\d.]+(?:e[-+]?\d+)?/gi)?.map(Number) ?? [];
			if (nums.length < 2) return null;
			const xs = nums.filter((_, i) => i % 2 === 0);
			const ys = nums.filter((_, i) => i % 2 === 1);
			const pad = 12;
			return {
				x0: inh.ox + Math.min(...xs) - pad,
				y0: inh.oy + Math.min(...ys) - pad,
				x1: inh.ox + Math.max(...xs) + pad,
				y1: inh.oy + Math.max(...ys) + pad
			};
		}
		if (tag === 'circle') {
			const cx = inh.ox + attrNum(el, 'cx');
			const cy = inh.oy + attrNum(el, 'cy');
			const r = attrNum(el, 'r') + 4;
			return { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r };
		}
		return null;
	}

	private register(el: El) {
		const id = el.getAttribute('id');
		const rect = [...Array.from(el.children)].find((c) => c.tagName.toLowerCase() === 'rect');
		if (id && rect) this.clips.set(id, rect);
	}

	paint(el: El, inh: Inherited) {
		const tag = el.tagName.toLowerCase();
		if (tag === 'title' || tag === 'desc' || tag === 'clippath' || tag === 'defs') return;
		const next: Inherited = {
			ox: inh.ox,
			oy: inh.oy,
			fontSize: attrNum(el, 'font-size', inh.fontSize),
			bold: el.getAttribute('font-weight') ? el.getAttribute('font-weight') === 'bold' : inh.bold,
			italic: el.getAttribute('font-style')
				? el.getAttribute('font-style') === 'italic'
				: inh.italic,
			fill: el.getAttribute('fill') ?? inh.fill,
			anchor: el.getAttribute('text-anchor') ?? inh.anchor
		};
		const pdf = this.pdf;
		const transform = el.getAttribute('transform');
		const m = transform === null ? null : TRANSLATE.exec(transform);
		if (transform !== null && !m)
			throw new Error(`unsupported transform ${transform.slice(0, 40)}`);
		const dx = m ? Number(m[1]) : 0;
		const dy = m ? Number(m[2]) : 0;
		if (this.cull) {
			const box = this.boxOf(el, tag, inh, dx, dy);
			const c = this.cull;
			if (box && (box.x1 < c.x || box.y1 < c.y || box.x0 > c.x + c.w || box.y0 > c.y + c.h)) return;
		}
		next.ox = inh.ox + dx;
		next.oy = inh.oy + dy;
		const clip = /^url\(#([^)]+)\)$/.exec(el.getAttribute('clip-path') ?? '')?.[1];
		const saved = transform !== null || clip !== undefined;
		if (saved) pdf.save();
		if (m) pdf.translate(dx, dy);
		if (clip) {
			const r = this.clips.get(clip);
			if (r)
				pdf
					.rect(attrNum(r, 'x'), attrNum(r, 'y'), attrNum(r, 'width'), attrNum(r, 'height'))
					.clip();
		}
		switch (tag) {
			case 'svg':
			case 'g':
				for (const child of Array.from(el.children)) this.paint(child, next);
				break;
			case 'rect':
				pdf.rect(attrNum(el, 'x'), attrNum(el, 'y'), attrNum(el, 'width'), attrNum(el, 'height'));
				this.finish(el, next);
				break;
			case 'circle':
				pdf.circle(attrNum(el, 'cx'), attrNum(el, 'cy'), attrNum(el, 'r'));
				this.finish(el, next);
				break;
			case 'path':
				pdf.path(el.getAttribute('d') ?? '');
				this.finish(el, next);
				break;
			case 'text':
				if (this.withText) this.text(el, next);
				break;
		}
		if (saved) pdf.restore();
	}

	/** Fills and/or strokes the current path as the element says. */
	private finish(el: El, inh: Inherited) {
		const pdf = this.pdf;
		const fill = el.getAttribute('fill') ?? inh.fill;
		const stroke = el.getAttribute('stroke');
		const doFill = fill !== 'none';
		const doStroke = stroke !== null && stroke !== 'none';
		if (doFill) pdf.fillColor(fill).fillOpacity(attrNum(el, 'fill-opacity', 1));
		if (doStroke) {
			pdf
				.strokeColor(stroke)
				.strokeOpacity(1)
				.lineWidth(attrNum(el, 'stroke-width', 1));
			const dash = (el.getAttribute('stroke-dasharray') ?? '')
				.split(/[\s,]+/)
				.map(Number)
				.filter((n) => Number.isFinite(n) && n > 0);
			if (dash.length > 0) dashed(pdf, dash);
			else pdf.undash();
		}
		if (doFill && doStroke) pdf.fillAndStroke();
		else if (doFill) pdf.fill();
		else if (doStroke) pdf.stroke();
	}

	private text(el: El, inh: Inherited) {
		const style = styleOf(inh.bold, inh.italic);
		const spans = Array.from(el.children).filter((c) => c.tagName.toLowerCase() === 'tspan');
		const lines =
			spans.length > 0
				? spans.map((s) => ({ s, x: attrNum(s, 'x'), y: attrNum(s, 'y') }))
				: [{ s: el, x: attrNum(el, 'x'), y: attrNum(el, 'y') }];
		for (const { s, x, y } of lines) {
			const text = s.textContent ?? '';
			if (text)
				drawText(this.pdf, this.registered, text, x, y, inh.fontSize, style, inh.fill, inh.anchor);
		}
	}
}

function* all(el: El): Generator<El> {
	yield el;
	for (const c of Array.from(el.children)) yield* all(c);
}

function parseSvg(svg: string): El {
	const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
	const root = parsed.documentElement as unknown as El | null;
	if (!root || root.tagName.toLowerCase() !== 'svg')
		throw new Error('the exported SVG did not parse');
	return root;
}

const ROOT_STYLE: Inherited = {
	ox: 0,
	oy: 0,
	fontSize: 13,
	bold: false,
	italic: false,
	fill: '#000000',
	anchor: 'start'
};

const GREY = '#52525b';
const MARK = '#a1a1aa';

function drawTilePage(
	pdf: Doc,
	reg: Set<string>,
	root: El,
	plan: HandoutPlan,
	tile: Tile,
	title: string
) {
	const { area, k } = plan;
	const total = plan.tiles.length + (plan.overview ? 1 : 0);
	const heading =
		plan.tiles.length > 1
			? `${title} · part ${tile.name} of ${plan.rows}×${plan.cols} · page ${tile.page} of ${total}`
			: title;
	drawText(pdf, reg, heading, area.x, area.y - 8, 9, 'bold', GREY);
	pdf.save();
	pdf.rect(area.x, area.y, area.w, area.h).clip();
	pdf.translate(area.x - tile.x * k, area.y - tile.y * k).scale(k);
	new SvgPainter(pdf, reg, root, true, tile).paint(root, ROOT_STYLE);
	pdf.restore();
	if (plan.tiles.length === 1) return;
	// Overlap marks: a dashed line where each neighbour's part begins (or ends), and a note saying so.
	pdf.save().lineWidth(0.6).strokeColor(MARK).strokeOpacity(1);
	dashed(pdf, [3, 2]);
	const x0 = area.x;
	const y0 = area.y;
	const x1 = area.x + area.w;
	const y1 = area.y + area.h;
	const px = (x: number) => area.x + (x - tile.x) * k;
	const py = (y: number) => area.y + (y - tile.y) * k;
	const right = neighbour(plan, tile, 0, 1);
	const left = neighbour(plan, tile, 0, -1);
	const below = neighbour(plan, tile, 1, 0);
	const above = neighbour(plan, tile, -1, 0);
	if (right) pdf.moveTo(px(right.x), y0).lineTo(px(right.x), y1).stroke();
	if (left)
		pdf
			.moveTo(px(left.x + left.w), y0)
			.lineTo(px(left.x + left.w), y1)
			.stroke();
	if (below) pdf.moveTo(x0, py(below.y)).lineTo(x1, py(below.y)).stroke();
	if (above)
		pdf
			.moveTo(x0, py(above.y + above.h))
			.lineTo(x1, py(above.y + above.h))
			.stroke();
	pdf.undash().rect(x0, y0, area.w, area.h).stroke();
	pdf.restore();
	const near = [
		['↑', neighbour(plan, tile, -1, 0)],
		['←', neighbour(plan, tile, 0, -1)],
		['→', neighbour(plan, tile, 0, 1)],
		['↓', neighbour(plan, tile, 1, 0)]
	] as const;
	const line = near
		.filter(([, t]) => t)
		.map(([arrow, t]) => `${arrow} ${t!.name} (p. ${t!.page})`)
		.join('   ');
	drawText(
		pdf,
		reg,
		`${line}   · dashed lines: the band shared with the next part · page 1: overview`,
		area.x,
		y1 + 13,
		8.5,
		'regular',
		GREY
	);
}

function drawOverview(
	pdf: Doc,
	reg: Set<string>,
	root: El,
	plan: HandoutPlan,
	title: string,
	picture: { width: number; height: number }
) {
	const fit = plan.overview!;
	const pages = plan.tiles.length + 1;
	drawText(
		pdf,
		reg,
		`${title} · overview and page index (${pages} pages)`,
		fit.x,
		28 + 12,
		11,
		'bold',
		'#111827'
	);
	const k = fit.w / Math.max(1, picture.width);
	pdf.save();
	pdf.translate(fit.x, fit.y).scale(k);
	// The overview is a locator: shapes only. Its text would print far under 8 pt; the parts carry it.
	new SvgPainter(pdf, reg, root, false).paint(root, ROOT_STYLE);
	pdf.restore();
	for (const t of plan.tiles) {
		const x = fit.x + t.x * k;
		const y = fit.y + t.y * k;
		const w = Math.min(t.w, picture.width - t.x) * k;
		const h = Math.min(t.h, picture.height - t.y) * k;
		pdf.save().lineWidth(0.8).strokeColor('#2563eb').strokeOpacity(0.8).rect(x, y, w, h).stroke();
		pdf.restore();
		drawText(pdf, reg, `${t.name} · p. ${t.page}`, x + 3, y + 12, 9, 'bold', '#1d4ed8');
	}
}

/** Renders `doc` (the SVG export) as a PDF. */
export async function svgToPdf(doc: SvgDocument, req: PdfRequest): Promise<PdfResult> {
	const root = parseSvg(doc.svg);
	const pdf: Doc = new PDFDocument({
		autoFirstPage: false,
		margin: 0,
		compress: true,
		// No standard font: every text is set in an embedded face.
		font: null as unknown as string,
		info: { Title: req.title, Creator: 'Warrant' }
	});
	const chunks: Buffer[] = [];
	const done = new Promise<void>((resolve, reject) => {
		pdf.on('data', (c: Buffer) => chunks.push(c));
		pdf.on('end', () => resolve());
		pdf.on('error', reject);
	});
	const reg = new Set<string>();
	let pages = 0;
	let orientation: 'portrait' | 'landscape';
	if (req.layout === 'page') {
		const fit = fitToPage(doc, { page: req.page, orientation: req.orientation });
		orientation = fit.orientation;
		pdf.addPage({ size: [fit.pageW, fit.pageH], margin: 0 });
		pages = 1;
		pdf.save();
		pdf.translate(fit.x, fit.y).scale(fit.w / Math.max(1, doc.width));
		new SvgPainter(pdf, reg, root, true).paint(root, ROOT_STYLE);
		pdf.restore();
	} else {
		const plan = planHandout(doc, { page: req.page, orientation: req.orientation });
		orientation = plan.orientation;
		const size: [number, number] = [plan.pageW, plan.pageH];
		if (plan.overview) {
			pdf.addPage({ size: [plan.overview.pageW, plan.overview.pageH], margin: 0 });
			pages++;
			drawOverview(pdf, reg, root, plan, req.title, doc);
		}
		for (const tile of plan.tiles) {
			pdf.addPage({ size, margin: 0 });
			pages++;
			drawTilePage(pdf, reg, root, plan, tile, req.title);
		}
	}
	pdf.end();
	await done;
	return { bytes: new Uint8Array(Buffer.concat(chunks)), pages, orientation };
}
