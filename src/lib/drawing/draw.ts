/**
 * SVG markup for the scene's shapes. Labels are real `<text>` with one `<tspan>` per wrapped line,
 * so that the result stays editable text in Inkscape or Illustrator; every string from the map is
 * escaped (see `$lib/text/escape.ts`).
 */
import { KIND_STYLES, dashArray } from './kinds';
import { LABEL_FONT_SIZE, LABEL_LINE_HEIGHT } from './label';
import { JUNCTION_RADIUS, headShape } from './edge-geometry';
import { borderWidth, isBold } from './node-box';
import type { SceneEdge, SceneJunction, SceneNode } from './scene';
import type { ChangeMark } from './svg-types';
import { shapePath } from './shapes';
import { baseline } from './text-metrics';
import { num } from './svg-number';
import { xmlAttr, xmlText } from '$lib/text/escape';

/** The editor's highlight for anchored nodes (`node.anchored` in `view/style.ts`). */
const HIGHLIGHT = { colour: '#facc15', opacity: 0.6, pad: 8 };
const EMPTY_TEXT = '#6b7280';

export function drawNode(n: SceneNode): string {
	const k = KIND_STYLES[n.kind];
	const d = shapePath(k.shape, n.w, n.h);
	const bw = borderWidth(n.kind);
	const dash = k.borderStyle === 'dashed' ? ' stroke-dasharray="6 3"' : '';
	// A double border: the wide border, then a thin line in the fill colour down its middle.
	const inner =
		k.borderStyle === 'double'
			? `<path d="${d}" fill="none" stroke="${k.fill}" stroke-width="${num(bw / 3)}"/>`
			: '';
	const style =
		(isBold(n.kind) ? ' font-weight="bold"' : '') + (n.empty ? ' font-style="italic"' : '');
	const tspans = n.lines
		.map(
			(line, i) =>
				`<tspan x="0" y="${num(baseline(i, n.lines.length, LABEL_LINE_HEIGHT, LABEL_FONT_SIZE))}">${xmlText(line)}</tspan>`
		)
		.join('');
	return (
		`<g class="node kind-${n.kind}" data-id="${xmlAttr(n.id)}" transform="translate(${num(n.x)} ${num(n.y)})">` +
		`<path d="${d}" fill="${k.fill}" stroke="${k.border}" stroke-width="${bw}"${dash}/>${inner}` +
		`<text text-anchor="middle" font-size="${LABEL_FONT_SIZE}" fill="${n.empty ? EMPTY_TEXT : k.text}"${style}>${tspans}</text></g>`
	);
}

export function drawHighlight(n: SceneNode): string {
	const k = KIND_STYLES[n.kind];
	const pad = 2 * HIGHLIGHT.pad;
	return (
		`<path class="highlight" transform="translate(${num(n.x)} ${num(n.y)})" ` +
		`d="${shapePath(k.shape, n.w + pad, n.h + pad)}" fill="${HIGHLIGHT.colour}" fill-opacity="${HIGHLIGHT.opacity}"/>`
	);
}

/** How a difference is drawn: a ring around a node, a wide underlay beneath an edge. */
export const CHANGE_STYLES: Record<ChangeMark, { colour: string; dash?: string; ghost?: true }> = {
	added: { colour: '#15803d' },
	changed: { colour: '#1d4ed8' },
	removed: { colour: '#b91c1c', dash: '6 4', ghost: true }
};

/** The ring behind a changed node (drawn before the nodes). */
export function drawChangeRing(n: SceneNode, mark: ChangeMark): string {
	const k = KIND_STYLES[n.kind];
	const s = CHANGE_STYLES[mark];
	const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
	return (
		`<path class="change change-${mark}" data-id="${xmlAttr(n.id)}" transform="translate(${num(n.x)} ${num(n.y)})" ` +
		`d="${shapePath(k.shape, n.w + 12, n.h + 12)}" fill="none" stroke="${s.colour}" stroke-width="3"${dash}/>`
	);
}

/** The underlay beneath a changed edge (drawn before the edges). */
export function drawChangeUnderlay(e: SceneEdge, mark: ChangeMark): string {
	const s = CHANGE_STYLES[mark];
	const line = e.control
		? `M${num(e.start.x)} ${num(e.start.y)}Q${num(e.control.x)} ${num(e.control.y)} ${num(e.tip.x)} ${num(e.tip.y)}`
		: `M${num(e.start.x)} ${num(e.start.y)}L${num(e.tip.x)} ${num(e.tip.y)}`;
	return `<path class="change change-${mark}" data-id="${xmlAttr(e.id)}" d="${line}" fill="none" stroke="${s.colour}" stroke-opacity="0.35" stroke-width="${e.width + 8}"/>`;
}

/** A removed element, faded (a ghost). */
export const ghost = (markup: string): string => `<g class="ghost" opacity="0.35">${markup}</g>`;

export function drawEdge(e: SceneEdge): string {
	const head = headShape(e.head, e.tip, e.dir, e.width, num);
	const start = `M${num(e.start.x)} ${num(e.start.y)}`;
	const end = `${num(head.lineEnd.x)} ${num(head.lineEnd.y)}`;
	const line = e.control
		? `${start}Q${num(e.control.x)} ${num(e.control.y)} ${end}`
		: `${start}L${end}`;
	const dash = e.dash ? ` stroke-dasharray="${dashArray(e.dash)}"` : '';
	const cls = e.role === 'edge' ? `edge rel-${e.relation}` : `edge ${e.role}`;
	return (
		`<g class="${cls}" data-id="${xmlAttr(e.id)}">` +
		`<path d="${line}" fill="none" stroke="${e.colour}" stroke-width="${e.width}"${dash}/>` +
		(head.path ? `<path d="${head.path}" fill="${e.colour}"/>` : '') +
		'</g>'
	);
}

export function drawJunction(j: SceneJunction): string {
	return `<circle class="junction" data-id="${xmlAttr(j.id)}" cx="${num(j.x)}" cy="${num(j.y)}" r="${JUNCTION_RADIUS}" fill="${j.colour}" stroke="#ffffff" stroke-width="2"/>`;
}
