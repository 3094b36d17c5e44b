/**
 * Options and shapes shared by every image export. Everything here is plain data: the SVG builder is
 * a pure function of (map, options), and the browser and CLI renderers take its output.
 */
import type { MapView } from '$lib/model/read';
import type { MapFile } from '$lib/model/mapfile';
import type { Measure } from './label';

/** A map as the editor reads it (`readMap`) or as a map file holds it. */
export type ExportInput = MapView | MapFile;

/** A rectangle in model coordinates (the same coordinates as the nodes' stored x/y). */
export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

/**
 * What to draw: the whole map, the given nodes (edges are kept when both their ends are), or what
 * lies inside a viewport rectangle (the "current view"; the picture is cut at the rectangle). Given
 * nodes may also be cut at a viewport (a slide of a branch too large to read whole).
 */
export type ExportScope =
	'all' | { ids: readonly string[]; viewport?: Rect } | { viewport: Rect; ids?: undefined };

export type Background = 'white' | 'transparent';

/** Things that are not part of the model and are drawn only when a caller asks for them. */
export interface SvgExtras {
	/** Node ids drawn with a highlight behind them (as the editor marks anchored nodes). */
	highlight?: readonly string[];
	/**
	 * Differences between two states (the history panel): node and edge ids marked added, changed
	 * or removed; removed ones are drawn as ghosts (faded, dashed ring). See `CHANGE_STYLES`.
	 */
	changes?: ReadonlyMap<string, ChangeMark>;
}

export type ChangeMark = 'added' | 'changed' | 'removed';

export interface SvgOptions {
	scope?: ExportScope;
	background?: Background;
	/** Drawn above the map, e.g. the map's title. */
	title?: string;
	/** Drawn under the title, e.g. "Sheena Chestnut Greitens, Foreign Affairs, 2023". */
	sourceLine?: string;
	/** A key to the kinds and relations that appear in the exported part of the map. */
	legend?: boolean;
	/** Space around everything, in pixels. */
	padding?: number;
	/** Width of a string at the label font (`LABEL_FONT`); defaults to `estimateWidth`. */
	measure?: Measure;
	extras?: SvgExtras;
}

/** The SVG text and its size in CSS pixels (the size at scale 1). */
export interface SvgDocument {
	svg: string;
	width: number;
	height: number;
	/** Map nodes drawn. */
	nodeCount: number;
	/** The part of the map drawn, in model coordinates (a viewport, or the bounds of what is drawn). */
	area?: Rect;
	/** Where that part sits in the picture: its top left corner, in picture px. */
	mapOrigin?: { x: number; y: number };
}
