/**
 * The handout: a map printed large enough to read, over as many pages as it needs. The picture is
 * printed at 0.7 pt per CSS px (the 13 px labels at 9.1 pt, the 12 px legend at 8.4 pt, never
 * under 8 pt) and cut into tiles, one per page, that overlap by a band
 * marked on each page, so they can be trimmed and taped or simply read in order. When there is
 * more than one tile, page 1 is an overview: the whole map shrunk onto one page as shapes, with the
 * tile grid and each tile's page number (the page index).
 *
 * Pure arithmetic, shared by every PDF renderer; sizes in PDF points unless named `px`.
 */
import { PAGE_POINTS, fitToPage, type Orientation, type PageSize } from './page';

/** The smallest text a handout may print, in points (the readability floor). */
export const MIN_HANDOUT_PT = 8;
/** Band each tile shares with its neighbour, in points. */
export const OVERLAP_PT = 24;
/**
 * Points per picture px on a handout's parts: the smallest text the SVG export draws is the 12 px
 * legend, which prints at 8.4 pt; labels (13 px) at 9.1 pt.
 */
export const HANDOUT_PT_PER_PX = 0.7;
export const HANDOUT_MARGIN_PT = 28;
/** Room above and below a tile for its heading and its neighbours line. */
export const HEADER_PT = 20;
export const FOOTER_PT = 18;

export interface Tile {
	/** Row letter and column number, e.g. "B3". */
	name: string;
	row: number;
	col: number;
	/** 1-based page number in the handout. */
	page: number;
	/** The part of the picture this tile shows, in picture px. */
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface HandoutPlan {
	page: PageSize;
	orientation: 'portrait' | 'landscape';
	pageW: number;
	pageH: number;
	/** Points per picture px on the tile pages. */
	k: number;
	rows: number;
	cols: number;
	tiles: Tile[];
	/** The overview page's fit of the whole picture, or null when one tile holds it all. */
	overview: ReturnType<typeof fitToPage> | null;
	/** Where a tile's picture area sits on its page (points). */
	area: { x: number; y: number; w: number; h: number };
	/** The least overlap of neighbouring parts, in picture px. */
	overlapPx: number;
}

export const rowName = (row: number): string =>
	row < 26
		? String.fromCharCode(65 + row)
		: `${rowName(Math.floor(row / 26) - 1)}${rowName(row % 26)}`;

function grid(
	picture: { width: number; height: number },
	page: PageSize,
	orientation: 'portrait' | 'landscape',
	k: number
) {
	const base = PAGE_POINTS[page];
	const pageW = orientation === 'landscape' ? base.h : base.w;
	const pageH = orientation === 'landscape' ? base.w : base.h;
	const area = {
		x: HANDOUT_MARGIN_PT,
		y: HANDOUT_MARGIN_PT + HEADER_PT,
		w: pageW - 2 * HANDOUT_MARGIN_PT,
		h: pageH - 2 * HANDOUT_MARGIN_PT - HEADER_PT - FOOTER_PT
	};
	// Tile size and step in picture px; a tile steps by its size less the overlap.
	const tileW = area.w / k;
	const tileH = area.h / k;
	const overlapPx = OVERLAP_PT / k;
	const count = (total: number, tile: number) =>
		total <= tile ? 1 : Math.ceil((total - overlapPx) / (tile - overlapPx));
	const cols = count(picture.width, tileW);
	const rows = count(picture.height, tileH);
	return { pageW, pageH, area, tileW, tileH, overlapPx, cols, rows };
}

export function planHandout(
	picture: { width: number; height: number },
	opts: { page?: PageSize; orientation?: Orientation } = {}
): HandoutPlan {
	const page = opts.page ?? 'a4';
	const k = HANDOUT_PT_PER_PX;
	const asked = opts.orientation ?? 'auto';
	const candidates: Array<'portrait' | 'landscape'> =
		asked === 'auto' ? ['landscape', 'portrait'] : [asked];
	// Auto: the orientation needing fewer pages (landscape on a tie: maps are wide).
	const g = candidates
		.map((o) => ({ o, ...grid(picture, page, o, k) }))
		.reduce((best, c) => (c.rows * c.cols < best.rows * best.cols ? c : best));
	const many = g.rows * g.cols > 1;
	const first = many ? 2 : 1;
	const tiles: Tile[] = [];
	// Parts are spread evenly from edge to edge, so neighbours overlap by the same band, at least
	// OVERLAP_PT (the grid was counted so that the step never passes a part less the overlap).
	const step = (total: number, tile: number, n: number) => (n === 1 ? 0 : (total - tile) / (n - 1));
	const stepX = step(picture.width, g.tileW, g.cols);
	const stepY = step(picture.height, g.tileH, g.rows);
	for (let row = 0; row < g.rows; row++)
		for (let col = 0; col < g.cols; col++)
			tiles.push({
				name: `${rowName(row)}${col + 1}`,
				row,
				col,
				page: first + row * g.cols + col,
				x: col * stepX,
				y: row * stepY,
				w: g.tileW,
				h: g.tileH
			});
	return {
		page,
		orientation: g.o,
		pageW: g.pageW,
		pageH: g.pageH,
		k,
		rows: g.rows,
		cols: g.cols,
		tiles,
		// The overview page turns to the picture (it may differ from the parts' pages).
		overview: many
			? fitToPage(picture, { page, orientation: 'auto', marginPt: HANDOUT_MARGIN_PT + HEADER_PT })
			: null,
		area: g.area,
		overlapPx: g.overlapPx
	};
}

/** The tile next to `t` in a direction, if any. */
export function neighbour(
	plan: HandoutPlan,
	t: Tile,
	dRow: number,
	dCol: number
): Tile | undefined {
	const row = t.row + dRow;
	const col = t.col + dCol;
	if (row < 0 || col < 0 || row >= plan.rows || col >= plan.cols) return undefined;
	return plan.tiles[row * plan.cols + col];
}
