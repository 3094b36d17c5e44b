/**
 * The legend: one item per node kind and relation that appears in the exported picture (and
 * co-premises when a junction does), in the editor's colours and shapes, laid out in rows that wrap
 * at a given width.
 */
import { NODE_KINDS, RELATIONS, type NodeKind, type Relation } from '$lib/model/schema';
import { GROUP_COLOURS, KIND_STYLES, RELATION_STYLES, dashArray } from './kinds';
import type { Measure } from './label';
import { headShape } from './edge-geometry';
import { shapePath } from './shapes';
import { baseline, scaledMeasure } from './text-metrics';
import { num } from './svg-number';
import { xmlAttr, xmlText } from '$lib/text/escape';

const FONT_SIZE = 12;
const ROW = 24;
const SWATCH = 34;
const GAP = 6;
const ITEM_GAP = 18;

interface Item {
	label: string;
	swatch: string;
	width: number;
}

export interface LegendContent {
	kinds: ReadonlySet<NodeKind>;
	relations: ReadonlySet<Relation>;
	coPremises: boolean;
}

export interface Legend {
	width: number;
	height: number;
	/** The legend's SVG, its top left corner at (x, y). */
	render: (x: number, y: number) => string;
}

function kindSwatch(kind: NodeKind): string {
	const k = KIND_STYLES[kind];
	const dash = k.borderStyle === 'dashed' ? ' stroke-dasharray="4 2"' : '';
	const width = k.borderStyle === 'double' ? 2.5 : 1.5;
	return `<path transform="translate(${SWATCH / 2} 0)" d="${shapePath(k.shape, 26, 16)}" fill="${k.fill}" stroke="${k.border}" stroke-width="${width}"${dash}/>`;
}

function lineSwatch(
	colour: string,
	width: number,
	dash: readonly number[] | null,
	head: 'triangle' | 'tee'
): string {
	const h = headShape(head, { x: SWATCH - 1, y: 0 }, { x: 1, y: 0 }, width, num);
	const dashAttr = dash ? ` stroke-dasharray="${dashArray(dash)}"` : '';
	return (
		`<path d="M1 0L${num(h.lineEnd.x)} 0" stroke="${colour}" stroke-width="${width}"${dashAttr} fill="none"/>` +
		`<path d="${h.path}" fill="${colour}"/>`
	);
}

/** Two premises meeting at a dot, then one arrow: the editor legend's picture of a group. */
function coPremiseSwatch(): string {
	const c = GROUP_COLOURS[0];
	return (
		`<path d="M1 -6L14 0M1 6L14 0" stroke="${c}" stroke-width="2" fill="none"/>` +
		`<circle cx="14" cy="0" r="3.5" fill="${c}"/>` +
		`<path d="M14 0L25 0" stroke="${c}" stroke-width="3" fill="none"/>` +
		`<path d="M24 -5L34 0L24 5Z" fill="${c}"/>`
	);
}

export function buildLegend(
	content: LegendContent,
	measure: Measure,
	maxWidth: number
): Legend | null {
	const m = scaledMeasure(measure, FONT_SIZE);
	const items: Item[] = [];
	const add = (label: string, swatch: string) =>
		items.push({ label, swatch, width: SWATCH + GAP + Math.ceil(m(label)) });
	for (const kind of NODE_KINDS)
		if (content.kinds.has(kind)) add(KIND_STYLES[kind].label, kindSwatch(kind));
	for (const rel of RELATIONS) {
		if (!content.relations.has(rel)) continue;
		const r = RELATION_STYLES[rel];
		add(r.label, lineSwatch(r.colour, 2, r.dash, r.arrow));
	}
	if (content.coPremises) add('Co-premises', coPremiseSwatch());
	if (items.length === 0) return null;

	// Greedy rows: an item goes on the current row unless that would pass maxWidth.
	const placed: Array<{ item: Item; x: number; row: number }> = [];
	let x = 0;
	let row = 0;
	let width = 0;
	for (const item of items) {
		if (x > 0 && x + item.width > maxWidth) {
			row++;
			x = 0;
		}
		placed.push({ item, x, row });
		width = Math.max(width, x + item.width);
		x += item.width + ITEM_GAP;
	}
	const height = (row + 1) * ROW;
	const render = (left: number, top: number) => {
		const parts = placed.map(({ item, x: ix, row: r }) => {
			const cy = r * ROW + ROW / 2;
			const ty = num(baseline(0, 1, ROW, FONT_SIZE));
			return (
				`<g class="legend-item" transform="translate(${num(ix)} ${num(cy)})">${item.swatch}` +
				`<text x="${SWATCH + GAP}" y="${ty}" font-size="${FONT_SIZE}" fill="#27272a">${xmlText(item.label)}</text></g>`
			);
		});
		return `<g class="legend" aria-label="${xmlAttr('Legend')}" transform="translate(${num(left)} ${num(top)})">${parts.join('')}</g>`;
	};
	return { width, height, render };
}
