/**
 * A slide: the current view, a branch or the whole map on a 16:9 picture of 1920×1080 (or the same
 * slide at 3840×2160), with node labels never under 18 px at 1920 wide, so they read from the back
 * of a room. When the part asked for is too large to fit at that size, the slide shows a cut of it
 * at the readable size (around the view's centre, or from the top middle of a branch, where its
 * root sits in a top-down layout) and says so (`cropped`).
 *
 * Pure: builds on `exportToSvgDocument`, so the browser (canvas) and the server (resvg) rasterise
 * the same SVG.
 */
import { exportToSvgDocument } from '$lib/drawing/svg';
import { LABEL_FONT_SIZE } from '$lib/drawing/label';
import type { ExportInput, Rect, SvgDocument, SvgOptions } from '$lib/drawing/svg-types';
import { num } from '$lib/drawing/svg-number';
import type { SlideSize } from './options';

export const SLIDE_W = 1920;
export const SLIDE_H = 1080;
export const MIN_SLIDE_LABEL_PX = 18;
/** Small maps are not blown up past this (labels at 39 px). */
const MAX_SLIDE_SCALE = 3;
/** Raster scale of each slide size: 1920×1080 at 1, 3840×2160 at 2. */
export const SLIDE_SCALE: Record<SlideSize, number> = { '1080': 1, '2160': 2 };

export interface SlideDocument extends SvgDocument {
	/** Node labels' height on the 1920 px slide. */
	labelPx: number;
	/** The part asked for did not fit at a readable size: the slide shows a cut of it. */
	cropped: boolean;
}

const fitIn = (doc: SvgDocument) => Math.min(SLIDE_W / doc.width, SLIDE_H / doc.height);

export function slideDocument(input: ExportInput, opts: SvgOptions = {}): SlideDocument {
	const min = MIN_SLIDE_LABEL_PX / LABEL_FONT_SIZE;
	let doc = exportToSvgDocument(input, opts);
	let cropped = false;
	// Cut the map area so that it, with the title, source line and legend around it, fits at the
	// readable scale. A cut may change what the legend lists (and so its height): tighten again,
	// a few rounds at most, each with more to spare.
	const whole = doc.area;
	for (let round = 0; round < 4 && fitIn(doc) < min && whole && doc.area; round++) {
		const k = min * (1.02 + 0.05 * round);
		const extraW = doc.width - doc.area.w;
		const extraH = doc.height - doc.area.h;
		const w = Math.min(whole.w, Math.max(40, SLIDE_W / k - extraW));
		const h = Math.min(whole.h, Math.max(40, SLIDE_H / k - extraH));
		const scope = opts.scope ?? 'all';
		const fromView = typeof scope === 'object' && scope.viewport && !scope.ids;
		const cut: Rect = {
			x: whole.x + whole.w / 2 - w / 2,
			y: fromView ? whole.y + whole.h / 2 - h / 2 : whole.y,
			w,
			h
		};
		const ids = typeof scope === 'object' ? scope.ids : undefined;
		doc = exportToSvgDocument(input, {
			...opts,
			scope: ids ? { ids, viewport: cut } : { viewport: cut }
		});
		cropped = true;
	}
	const s = Math.min(MAX_SLIDE_SCALE, fitIn(doc));
	const w = doc.width * s;
	const h = doc.height * s;
	const x = (SLIDE_W - w) / 2;
	const y = (SLIDE_H - h) / 2;
	const background =
		(opts.background ?? 'white') === 'white'
			? `<rect x="0" y="0" width="${SLIDE_W}" height="${SLIDE_H}" fill="#ffffff"/>`
			: '';
	// The picture nested as an <svg> with its own viewBox: scaled as vectors, text stays sharp.
	const inner = doc.svg.replace(
		/^<svg ([^>]*?)width="[\d.]+" height="[\d.]+"/,
		`<svg $1x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}"`
	);
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${SLIDE_W}" height="${SLIDE_H}" viewBox="0 0 ${SLIDE_W} ${SLIDE_H}">` +
		`${background}${inner}</svg>`;
	return {
		svg,
		width: SLIDE_W,
		height: SLIDE_H,
		nodeCount: doc.nodeCount,
		labelPx: LABEL_FONT_SIZE * s,
		cropped
	};
}
