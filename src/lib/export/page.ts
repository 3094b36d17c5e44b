/**
 * Fitting a picture onto one PDF page, shared by the browser (jsPDF) and the CLI (Chromium's
 * `page.pdf`), so both make the same page. Page sizes and positions are in PDF points (1/72 in);
 * the picture's size is in CSS pixels, which print at 0.75 pt each.
 */
export const PAGE_SIZES = ['a4', 'letter'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const ORIENTATIONS = ['auto', 'portrait', 'landscape'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** Portrait sizes in points. */
export const PAGE_POINTS: Record<PageSize, { w: number; h: number }> = {
	a4: { w: 595.28, h: 841.89 },
	letter: { w: 612, h: 792 }
};

export const PT_PER_PX = 0.75;
export const DEFAULT_MARGIN_PT = 36;

export interface PageLayout {
	page: PageSize;
	orientation: 'portrait' | 'landscape';
	/** The page, in points. */
	pageW: number;
	pageH: number;
	/** Where the picture goes on the page, in points (top left corner and size). */
	x: number;
	y: number;
	w: number;
	h: number;
}

/**
 * The page and the picture's place on it. `auto` turns the page to match the picture (landscape
 * when it is wider than tall). The picture is centred inside the margins and shrunk to fit; it is
 * never enlarged past its natural print size, so a small map keeps readable, not giant, text.
 */
export function fitToPage(
	picture: { width: number; height: number },
	opts: { page?: PageSize; orientation?: Orientation; marginPt?: number } = {}
): PageLayout {
	const page = opts.page ?? 'a4';
	const asked = opts.orientation ?? 'auto';
	const orientation =
		asked === 'auto' ? (picture.width > picture.height ? 'landscape' : 'portrait') : asked;
	const base = PAGE_POINTS[page];
	const pageW = orientation === 'landscape' ? base.h : base.w;
	const pageH = orientation === 'landscape' ? base.w : base.h;
	const margin = Math.max(0, Math.min(opts.marginPt ?? DEFAULT_MARGIN_PT, pageW / 4, pageH / 4));
	const availW = pageW - 2 * margin;
	const availH = pageH - 2 * margin;
	const width = Math.max(1, picture.width);
	const height = Math.max(1, picture.height);
	const k = Math.min(PT_PER_PX, availW / width, availH / height);
	const w = width * k;
	const h = height * k;
	return { page, orientation, pageW, pageH, x: (pageW - w) / 2, y: (pageH - h) / 2, w, h };
}
