/**
 * The query of `GET /api/maps/<id>/export?format=svg|png|pdf&...`: every parameter checked, each
 * at most once, nothing unknown, options only where they apply; defaults from the one shared
 * definition (`EXPORT_DEFAULTS`), so a URL without options gives what the editor's menu and the
 * CLI give. A bad query throws `OptionError` with a message naming the parameter.
 */
import {
	EXPORT_DEFAULTS,
	OptionError,
	SLIDE_SIZES,
	parseBackground,
	parseLayout,
	parseOrientation,
	parsePage,
	parseScale,
	parseSwitch,
	type SlideSize
} from '$lib/export/options';
import type { ExportScope, Rect } from '$lib/drawing/svg-types';
import type { ImageRequest, ServerImageFormat } from '../render/image';

const KNOWN = [
	'format',
	'token',
	// A moment of the history (`http/history.ts`, checked there).
	'version',
	'scale',
	'slide',
	'background',
	'page',
	'orientation',
	'layout',
	'title',
	'source',
	'legend',
	'nodes',
	'view'
] as const;
type Known = (typeof KNOWN)[number];

/** Ids in `nodes=` (comma separated); more is refused before any work. */
export const MAX_SCOPE_IDS = 10_000;
const MAX_ID_LENGTH = 200;
/** Coordinates of `view=` beyond this are no map's. */
const MAX_COORD = 1e7;

function scopeOf(nodes: string | undefined, view: string | undefined): ExportScope {
	let ids: string[] | undefined;
	let viewport: Rect | undefined;
	if (nodes !== undefined) {
		ids = nodes.split(',').filter((s) => s.length > 0);
		if (ids.length === 0) throw new OptionError('nodes must list node ids, separated by commas');
		if (ids.length > MAX_SCOPE_IDS)
			throw new OptionError(`nodes lists ${ids.length} ids; at most ${MAX_SCOPE_IDS}`);
		if (ids.some((id) => id.length > MAX_ID_LENGTH))
			throw new OptionError(`nodes holds an id longer than ${MAX_ID_LENGTH} characters`);
	}
	if (view !== undefined) {
		const parts = view.split(',');
		const values = parts.map((p) => (/^-?\d+(\.\d+)?$/.test(p.trim()) ? Number(p) : NaN));
		if (
			values.length !== 4 ||
			values.some((v) => !Number.isFinite(v) || Math.abs(v) > MAX_COORD) ||
			values[2] <= 0 ||
			values[3] <= 0
		)
			throw new OptionError(
				`view must be x,y,width,height in map coordinates (width and height above 0); got ${JSON.stringify(view.slice(0, 60))}`
			);
		viewport = { x: values[0], y: values[1], w: values[2], h: values[3] };
	}
	if (ids) return viewport ? { ids, viewport } : { ids };
	return viewport ? { viewport } : 'all';
}

export function parseImageQuery(params: URLSearchParams, format: ServerImageFormat): ImageRequest {
	const values: Partial<Record<Known, string>> = {};
	for (const key of new Set(params.keys())) {
		if (!(KNOWN as readonly string[]).includes(key))
			throw new OptionError(
				`unknown parameter ${JSON.stringify(key.slice(0, 40))}; images take ${KNOWN.filter((k) => k !== 'token').join(', ')}`
			);
		const all = params.getAll(key);
		if (all.length > 1) throw new OptionError(`${key} given more than once`);
		values[key as Known] = all[0];
	}
	const only = (name: Known, ok: boolean, what: string) => {
		if (!ok && values[name] !== undefined)
			throw new OptionError(`${name} applies to ${what} only, not ${format}`);
	};
	only('scale', format === 'png', 'png');
	only('slide', format === 'png', 'png');
	only('background', format !== 'pdf', 'png and svg');
	only('page', format === 'pdf', 'pdf');
	only('orientation', format === 'pdf', 'pdf');
	only('layout', format === 'pdf', 'pdf');
	if (values.slide !== undefined && values.scale !== undefined)
		throw new OptionError('give scale or slide, not both: a slide has its own size');
	let slide: SlideSize | null = null;
	if (values.slide !== undefined) {
		if (!(SLIDE_SIZES as readonly string[]).includes(values.slide))
			throw new OptionError(
				`slide must be one of ${SLIDE_SIZES.join(', ')} (the slide's height in px); got ${JSON.stringify(values.slide.slice(0, 40))}`
			);
		slide = values.slide as SlideSize;
	}
	const d = EXPORT_DEFAULTS;
	return {
		format,
		scope: scopeOf(values.nodes, values.view),
		scale: values.scale !== undefined ? parseScale(values.scale) : d.scale,
		slide,
		background: values.background !== undefined ? parseBackground(values.background) : d.background,
		page: values.page !== undefined ? parsePage(values.page) : d.page,
		orientation:
			values.orientation !== undefined ? parseOrientation(values.orientation) : d.orientation,
		layout: values.layout !== undefined ? parseLayout(values.layout) : d.pdfLayout,
		title: values.title !== undefined ? parseSwitch('title', values.title) : d.title,
		sourceLine: values.source !== undefined ? parseSwitch('source', values.source) : d.sourceLine,
		legend: values.legend !== undefined ? parseSwitch('legend', values.legend) : d.legend
	};
}
