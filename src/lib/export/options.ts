/**
 * The one definition of image export options and their defaults, read by the editor's Export menu,
 * the CLI (`npm run export`) and the HTTP export (`GET /api/maps/<id>/export`), so all three make
 * the same picture from the same map unless told otherwise. Title, source line and legend are on
 * by default: a picture that leaves its room should say what it is and how to read it.
 */
import { MAX_SCALE, MIN_SCALE } from './image-limits';
import { ORIENTATIONS, PAGE_SIZES, type Orientation, type PageSize } from './page';
import type { Background, ExportScope } from '$lib/drawing/svg-types';

export const PDF_LAYOUTS = ['handout', 'page'] as const;
export type PdfLayout = (typeof PDF_LAYOUTS)[number];

export const SLIDE_SIZES = ['1080', '2160'] as const;
export type SlideSize = (typeof SLIDE_SIZES)[number];

export interface ImageDefaults {
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

export const EXPORT_DEFAULTS: Readonly<ImageDefaults> = Object.freeze({
	scale: 2,
	background: 'white',
	page: 'a4',
	orientation: 'auto',
	pdfLayout: 'handout',
	slide: '1080',
	title: true,
	sourceLine: true,
	legend: true
});

export class OptionError extends Error {}

const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
	if ((allowed as readonly string[]).includes(value)) return value as T;
	throw new OptionError(
		`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value.slice(0, 40))}`
	);
};

export const parsePage = (v: string): PageSize => oneOf('page', v.toLowerCase(), PAGE_SIZES);
export const parseOrientation = (v: string): Orientation => oneOf('orientation', v, ORIENTATIONS);
export const parseLayout = (v: string): PdfLayout => oneOf('layout', v, PDF_LAYOUTS);
export const parseBackground = (v: string): Background =>
	oneOf('background', v, ['white', 'transparent'] as const);

/** A scale from 1 to 4 written as a plain decimal ("2", "1.5"). */
export function parseScale(v: string): number {
	const n = Number(v);
	if (!/^\d{1,2}(\.\d{1,3})?$/.test(v) || n < MIN_SCALE || n > MAX_SCALE)
		throw new OptionError(
			`scale must be a number from ${MIN_SCALE} to ${MAX_SCALE}; got ${JSON.stringify(v.slice(0, 40))}`
		);
	return n;
}

/** "1"/"true"/"yes"/"on" or "0"/"false"/"no"/"off". */
export function parseSwitch(name: string, v: string): boolean {
	const s = v.toLowerCase();
	if (['1', 'true', 'yes', 'on'].includes(s)) return true;
	if (['0', 'false', 'no', 'off'].includes(s)) return false;
	throw new OptionError(`${name} must be 1 or 0; got ${JSON.stringify(v.slice(0, 40))}`);
}

/** What `imageQuery` writes: the options of one picture as the HTTP export reads them. */
export interface ImageQueryInput {
	format: 'svg' | 'png' | 'pdf';
	scope: ExportScope;
	scale?: number;
	slide?: SlideSize;
	background?: Background;
	page?: PageSize;
	orientation?: Orientation;
	layout?: PdfLayout;
	title: boolean;
	sourceLine: boolean;
	legend: boolean;
}

/** Model coordinates as `view=` takes them: plain decimals, never exponents. */
const coord = (n: number) => (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0';

/**
 * The query string of `GET /api/maps/<id>/export` for a picture (the server parses it with
 * `src/server/http/image-query.ts`); only options that apply to the format are written.
 */
export function imageQuery(q: ImageQueryInput): URLSearchParams {
	const p = new URLSearchParams({ format: q.format });
	if (q.format === 'png') {
		if (q.slide) p.set('slide', q.slide);
		else if (q.scale !== undefined) p.set('scale', String(q.scale));
	}
	if (q.format !== 'pdf' && q.background) p.set('background', q.background);
	if (q.format === 'pdf') {
		if (q.layout) p.set('layout', q.layout);
		if (q.page) p.set('page', q.page);
		if (q.orientation) p.set('orientation', q.orientation);
	}
	p.set('title', q.title ? '1' : '0');
	p.set('source', q.sourceLine ? '1' : '0');
	p.set('legend', q.legend ? '1' : '0');
	if (typeof q.scope === 'object') {
		if (q.scope.ids) p.set('nodes', q.scope.ids.join(','));
		const v = q.scope.viewport;
		if (v) p.set('view', [v.x, v.y, v.w, v.h].map(coord).join(','));
	}
	return p;
}
