/**
 * `exportToSvg`: a map (a `MapView` or a `MapFile`) to a standalone SVG document. A pure function
 * of its input: no DOM, no cytoscape, the same output in Node and in the browser for the same
 * `measure`. What it draws is the model only: no selection, presence or coverage, and highlights
 * only when passed as `extras`.
 *
 * Layout of the document, top to bottom: padding, title, source line, the map, the legend, padding.
 * The map keeps its model coordinates inside one translated group.
 */
import { type NodeKind, type Relation } from '$lib/model/schema';
import { estimateWidth, wrapLabel, type Measure } from './label';
import {
	drawChangeRing,
	drawChangeUnderlay,
	drawEdge,
	drawHighlight,
	drawJunction,
	drawNode,
	ghost
} from './draw';
import { exportMapOf } from './svg-input';
import { buildLegend } from './legend';
import {
	buildScene,
	edgeRect,
	intersects,
	nodePositions,
	nodeRect,
	scopedMap,
	type Scene
} from './scene';
import { FONT_FAMILY, baseline, scaledMeasure } from './text-metrics';
import type { ChangeMark, ExportInput, Rect, SvgDocument, SvgOptions } from './svg-types';
import { num } from './svg-number';
import { xmlAttr, xmlText } from '$lib/text/escape';

export const DEFAULT_PADDING = 24;
const TITLE = { size: 20, line: 26, colour: '#111827', maxLines: 3 };
const SOURCE = { size: 13, line: 18, colour: '#52525b', maxLines: 2 };
const HEADER_GAP = 12;
const LEGEND_GAP = 16;
/** Header text and legend wrap at the map's width, but never narrower than this. */
const MIN_TEXT_WIDTH = 480;
/** The map area when nothing is drawn, so an empty export is still a visible picture. */
const EMPTY_AREA = { w: 240, h: 80 };

interface TextBlock {
	lines: string[];
	width: number;
	height: number;
}

function textBlock(
	value: string | undefined,
	style: { size: number; line: number; maxLines: number },
	measure: Measure,
	maxWidth: number,
	bold: boolean
): TextBlock | null {
	if (!value?.trim()) return null;
	const m = scaledMeasure(measure, style.size, bold);
	const lines = wrapLabel(value, m, maxWidth, style.maxLines);
	return {
		lines,
		width: Math.ceil(Math.max(...lines.map(m))),
		height: lines.length * style.line
	};
}

function drawTextBlock(
	block: TextBlock,
	cls: string,
	x: number,
	top: number,
	style: { size: number; line: number; colour: string },
	bold: boolean
): string {
	const tspans = block.lines
		.map((line, i) => {
			const y = top + style.line / 2 + baseline(i, 1, style.line, style.size) + i * style.line;
			return `<tspan x="${num(x)}" y="${num(y)}">${xmlText(line)}</tspan>`;
		})
		.join('');
	return `<text class="${cls}" font-size="${style.size}" fill="${style.colour}"${bold ? ' font-weight="bold"' : ''}>${tspans}</text>`;
}

/** Scene parts inside `view` (all of them when there is no view). */
function visible(scene: Scene, view: Rect | null): Scene {
	if (!view) return scene;
	return {
		nodes: scene.nodes.filter((n) => intersects(nodeRect(n), view)),
		edges: scene.edges.filter((e) => intersects(edgeRect(e), view)),
		junctions: scene.junctions.filter((j) =>
			intersects({ x: j.x - 8, y: j.y - 8, w: 16, h: 16 }, view)
		),
		bounds: scene.bounds
	};
}

export function exportToSvgDocument(input: ExportInput, opts: SvgOptions = {}): SvgDocument {
	const measure = opts.measure ?? estimateWidth;
	const scope = opts.scope ?? 'all';
	const pad = Math.max(0, opts.padding ?? DEFAULT_PADDING);
	const whole = exportMapOf(input);
	// Positions come from the whole map, so a selection sits where it does in the full picture.
	const { positions, elements } = nodePositions(whole, measure);
	const view = typeof scope === 'object' ? (scope.viewport ?? null) : null;
	const scoped = scopedMap(whole, scope);
	const scene = visible(
		buildScene(scoped, positions, measure, scoped === whole ? elements : undefined),
		view
	);

	const area: Rect = view ?? scene.bounds ?? { x: 0, y: 0, ...EMPTY_AREA };
	const mapW = Math.max(1, area.w);
	const mapH = Math.max(1, area.h);
	const textWidth = Math.max(mapW, MIN_TEXT_WIDTH);
	const title = textBlock(opts.title, TITLE, measure, textWidth, true);
	const source = textBlock(opts.sourceLine, SOURCE, measure, textWidth, false);

	const kinds = new Set<NodeKind>(scene.nodes.map((n) => n.kind));
	const relations = new Set<Relation>(
		scene.edges.filter((e) => e.role === 'edge').map((e) => e.relation)
	);
	// A co-premise group's members are supports: its arrow out of the junction says so.
	if (scene.junctions.length > 0) relations.add('supports');
	const legend = opts.legend
		? buildLegend({ kinds, relations, coPremises: scene.junctions.length > 0 }, measure, textWidth)
		: null;

	const innerW = Math.max(mapW, title?.width ?? 0, source?.width ?? 0, legend?.width ?? 0);
	const width = Math.ceil(innerW + 2 * pad);
	const headerH = (title?.height ?? 0) + (source?.height ?? 0);
	const mapTop = pad + (headerH > 0 ? headerH + HEADER_GAP : 0);
	const legendTop = mapTop + mapH + LEGEND_GAP;
	const height = Math.ceil((legend ? legendTop + legend.height : mapTop + mapH) + pad);
	const mapLeft = pad + (innerW - mapW) / 2;

	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" ` +
			`viewBox="0 0 ${width} ${height}" font-family="${xmlAttr(FONT_FAMILY)}">`
	);
	out.push(`<title>${xmlText(opts.title?.trim() || whole.meta?.title || 'Argument map')}</title>`);
	out.push('<desc>Argument map exported from Warrant</desc>');
	if ((opts.background ?? 'white') === 'white')
		out.push(
			`<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`
		);
	if (title) out.push(drawTextBlock(title, 'title', pad, pad, TITLE, true));
	if (source)
		out.push(drawTextBlock(source, 'source-line', pad, pad + (title?.height ?? 0), SOURCE, false));

	const shift = `translate(${num(mapLeft - area.x)} ${num(mapTop - area.y)})`;
	if (view) {
		// The current view is cut at the viewport's edges, as the editor shows it.
		out.push(
			`<clipPath id="warrant-view"><rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.w)}" height="${num(area.h)}"/></clipPath>`
		);
		out.push(`<g class="map" transform="${shift}"><g clip-path="url(#warrant-view)">`);
	} else out.push(`<g class="map" transform="${shift}">`);
	if (scene.nodes.length === 0 && !view)
		out.push(
			`<text x="${num(area.x + area.w / 2)}" y="${num(area.y + area.h / 2)}" text-anchor="middle" font-size="13" font-style="italic" fill="#6b7280">(nothing to export)</text>`
		);
	const highlight = new Set(opts.extras?.highlight ?? []);
	for (const n of scene.nodes) if (highlight.has(n.id)) out.push(drawHighlight(n));
	const changes = opts.extras?.changes ?? new Map<string, ChangeMark>();
	const mark = <T extends { id: string }>(el: T, draw: (el: T) => string) =>
		changes.get(el.id) === 'removed' ? ghost(draw(el)) : draw(el);
	for (const e of scene.edges) {
		const m = changes.get(e.id);
		if (m) out.push(drawChangeUnderlay(e, m));
	}
	for (const n of scene.nodes) {
		const m = changes.get(n.id);
		if (m) out.push(drawChangeRing(n, m));
	}
	// Cytoscape draws edges under nodes: the same order here.
	for (const e of scene.edges) out.push(mark(e, drawEdge));
	for (const j of scene.junctions) out.push(drawJunction(j));
	for (const n of scene.nodes) out.push(mark(n, drawNode));
	out.push(view ? '</g></g>' : '</g>');
	if (legend) out.push(legend.render(pad, legendTop));
	out.push('</svg>');
	return {
		svg: out.join('\n'),
		width,
		height,
		nodeCount: scene.nodes.length,
		area,
		mapOrigin: { x: mapLeft, y: mapTop }
	};
}

/** The SVG text only; see `exportToSvgDocument` for its size. */
export function exportToSvg(input: ExportInput, opts: SvgOptions = {}): string {
	return exportToSvgDocument(input, opts).svg;
}
