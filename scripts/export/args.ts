/**
 * Command-line arguments of `npm run export`. Parsing never exits or prints: a bad argument throws
 * `UsageError` with a one-line message, and `scripts/export.ts` turns that into exit status 1.
 */
import { DATA_FORMATS, type DataFormat } from '../../src/lib/formats/types';
import {
	EXPORT_DEFAULTS,
	OptionError,
	PDF_LAYOUTS,
	SLIDE_SIZES,
	parseScale,
	type PdfLayout,
	type SlideSize
} from '../../src/lib/export/options';
import {
	ORIENTATIONS,
	PAGE_SIZES,
	type Orientation,
	type PageSize
} from '../../src/lib/export/page';

export const IMAGE_FORMATS = ['png', 'jpeg', 'svg', 'pdf'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];
export type Format = ImageFormat | DataFormat;
export const FORMATS: readonly Format[] = [...IMAGE_FORMATS, ...DATA_FORMATS];

export class UsageError extends Error {}

export interface ExportArgs {
	/** A map id (storage, then maps/<id>.json) or a path to a warrant-map JSON file. */
	map: string;
	format: Format;
	out: string;
	scale: number;
	background: 'white' | 'transparent';
	page: PageSize;
	orientation: Orientation;
	/** pdf: a handout over several pages (the default) or one page. */
	layout: PdfLayout;
	/** png: a 16:9 slide of this height instead of the picture at `scale`. */
	slide: SlideSize | null;
	title: boolean;
	source: boolean;
	legend: boolean;
	/**
	 * A moment of the map's history (`v1`, a step, an ISO time, `now`; README "History"), checked
	 * by `parseMoment`; null for the live map. Only for a map id read from storage.
	 */
	version: string | null;
}

export const USAGE = `usage: npm run export -- <map id | file.json> --format ${FORMATS.join('|')} --out FILE
  [--scale 1-4 | --slide 1080|2160] [--background white|transparent]
  [--layout handout|page] [--page a4|letter] [--orientation auto|portrait|landscape]
  [--no-title] [--no-source] [--no-legend]   (title, source line and legend are on by default)
  [--version v1|STEP|ISO-TIME|now]   the map as it was then (a map id in storage only)`;

const VALUED = [
	'format',
	'out',
	'scale',
	'background',
	'page',
	'orientation',
	'layout',
	'slide',
	'version'
] as const;
const FLAGS = ['title', 'source', 'legend', 'no-title', 'no-source', 'no-legend', 'help'] as const;
type Valued = (typeof VALUED)[number];
type Flag = (typeof FLAGS)[number];

const oneOf = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
	if ((allowed as readonly string[]).includes(value)) return value as T;
	throw new UsageError(
		`--${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`
	);
};

/** The format an output file's extension names, if any. */
function formatOfPath(path: string): Format | null {
	const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
	if (!ext) return null;
	if (ext === 'jpg') return 'jpeg';
	if (ext === 'markdown') return 'md';
	return (FORMATS as readonly string[]).includes(ext) ? (ext as Format) : null;
}

/** Parses argv (without node and the script). Returns null for --help. */
export function parseArgs(argv: readonly string[]): ExportArgs | null {
	const values: Partial<Record<Valued, string>> = {};
	const flags = new Set<Flag>();
	const positional: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
		if ((FLAGS as readonly string[]).includes(name)) {
			if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
			flags.add(name as Flag);
		} else if ((VALUED as readonly string[]).includes(name)) {
			const value = inline ?? argv[++i];
			if (value === undefined || (inline === undefined && value.startsWith('--')))
				throw new UsageError(`--${name} needs a value`);
			if (values[name as Valued] !== undefined) throw new UsageError(`--${name} given twice`);
			values[name as Valued] = value;
		} else throw new UsageError(`unknown option --${name}`);
	}
	if (flags.has('help')) return null;
	if (positional.length === 0)
		throw new UsageError('missing the map: give a map id or a .json file');
	if (positional.length > 1)
		throw new UsageError(
			`one map at a time; got ${positional.map((p) => JSON.stringify(p)).join(' ')}`
		);
	if (!values.out) throw new UsageError('missing --out FILE');
	const format = values.format
		? oneOf('format', values.format.toLowerCase() === 'jpg' ? 'jpeg' : values.format, FORMATS)
		: formatOfPath(values.out);
	if (!format)
		throw new UsageError(`missing --format (${FORMATS.join(', ')}); the --out name does not say`);

	const raster = format === 'png' || format === 'jpeg';
	const image = (IMAGE_FORMATS as readonly string[]).includes(format);
	const only = (name: Valued | Flag, ok: boolean, what: string) => {
		if (!ok && (values[name as Valued] !== undefined || flags.has(name as Flag)))
			throw new UsageError(`--${name} applies to ${what} only, not ${format}`);
	};
	only('scale', raster, 'png and jpeg');
	only('slide', format === 'png', 'png');
	only('page', format === 'pdf', 'pdf');
	only('orientation', format === 'pdf', 'pdf');
	only('layout', format === 'pdf', 'pdf');
	only('background', format === 'png' || format === 'svg', 'png and svg');
	for (const flag of ['title', 'source', 'legend'] as const) {
		only(flag, image, 'image formats');
		only(`no-${flag}`, image, 'image formats');
		if (flags.has(flag) && flags.has(`no-${flag}`))
			throw new UsageError(`--${flag} and --no-${flag} contradict each other`);
	}
	if (values.scale !== undefined && values.slide !== undefined)
		throw new UsageError('give --scale or --slide, not both: a slide has its own size');

	let scale = EXPORT_DEFAULTS.scale;
	if (values.scale !== undefined) {
		try {
			scale = parseScale(values.scale);
		} catch (err) {
			if (err instanceof OptionError) throw new UsageError(`--${err.message}`);
			throw err;
		}
	}
	const on = (flag: 'title' | 'source' | 'legend', fallback: boolean) =>
		flags.has(`no-${flag}`) ? false : flags.has(flag) ? true : fallback;
	return {
		map: positional[0],
		format,
		out: values.out,
		scale,
		background: values.background
			? oneOf('background', values.background, ['white', 'transparent'] as const)
			: EXPORT_DEFAULTS.background,
		page: values.page ? oneOf('page', values.page.toLowerCase(), PAGE_SIZES) : EXPORT_DEFAULTS.page,
		orientation: values.orientation
			? oneOf('orientation', values.orientation, ORIENTATIONS)
			: EXPORT_DEFAULTS.orientation,
		layout: values.layout ? oneOf('layout', values.layout, PDF_LAYOUTS) : EXPORT_DEFAULTS.pdfLayout,
		slide: values.slide ? oneOf('slide', values.slide, SLIDE_SIZES) : null,
		// The shared defaults (on), unless turned off with --no-...
		title: on('title', EXPORT_DEFAULTS.title),
		source: on('source', EXPORT_DEFAULTS.sourceLine),
		legend: on('legend', EXPORT_DEFAULTS.legend),
		version: values.version ?? null
	};
}
