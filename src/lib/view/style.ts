/**
 * The cytoscape stylesheet, generated from the kind and relation tables in `kinds.ts`.
 * Node sizes come from the element data (`w`, `h`), computed by `label.ts` from the wrapped label.
 */
import type cytoscape from 'cytoscape';
import { NODE_KINDS, RELATIONS } from '$lib/model/schema';
import { KIND_STYLES, RELATION_STYLES } from '$lib/drawing/kinds';
import { LABEL_FONT_SIZE, LABEL_LINE_HEIGHT, LABEL_MAX_WIDTH } from '$lib/drawing/label';

const SELECTED = '#f59e0b';
/** The node a keyboard connection aims at (the aim bar's border, +page.svelte `.aim`). */
const AIM = '#2563eb';
// Cytoscape rejects quoted family names, so only unquoted ones are listed.
const FONT_FAMILY = 'system-ui, -apple-system, Roboto, Helvetica, Arial, sans-serif';

export function stylesheet(): cytoscape.StylesheetJson {
	const sheet: cytoscape.StylesheetJson = [
		{
			selector: 'node.node',
			style: {
				width: 'data(w)',
				height: 'data(h)',
				label: 'data(label)',
				'font-family': FONT_FAMILY,
				'font-size': LABEL_FONT_SIZE,
				'line-height': LABEL_LINE_HEIGHT / LABEL_FONT_SIZE,
				'text-wrap': 'wrap',
				// Lines are already wrapped by label.ts; the extra room keeps cytoscape from re-wrapping.
				'text-max-width': `${LABEL_MAX_WIDTH + 20}px`,
				'text-valign': 'center',
				'text-halign': 'center',
				// Labels too small to read are not drawn: cheaper frames when the whole map is in view.
				'min-zoomed-font-size': 5,
				'border-width': 2
			}
		},
		{ selector: 'node.empty', style: { 'font-style': 'italic', color: '#6b7280' } }
	];
	for (const kind of NODE_KINDS) {
		const k = KIND_STYLES[kind];
		sheet.push({
			selector: `node.kind-${kind}`,
			style: {
				shape: k.shape,
				'background-color': k.fill,
				'border-color': k.border,
				'border-style': k.borderStyle,
				color: k.text,
				...(k.borderStyle === 'double' ? { 'border-width': 5, 'font-weight': 'bold' } : {})
			}
		});
	}
	sheet.push({
		selector: 'edge',
		style: {
			width: 2,
			'curve-style': 'bezier',
			'arrow-scale': 1.3,
			'line-color': '#64748b',
			'target-arrow-color': '#64748b'
		}
	});
	for (const rel of RELATIONS) {
		const r = RELATION_STYLES[rel];
		sheet.push({
			selector: `edge.rel-${rel}`,
			style: {
				'line-color': r.colour,
				'target-arrow-color': r.colour,
				'target-arrow-shape': r.arrow,
				'line-style': r.dash ? 'dashed' : 'solid',
				...(r.dash ? { 'line-dash-pattern': [...r.dash] } : {})
			}
		});
	}
	sheet.push(
		// Premises of a co-premise group meet at the junction: no arrow there, the group colour.
		{
			selector: 'edge.grouped',
			style: { 'line-color': 'data(colour)', 'target-arrow-shape': 'none', width: 2.5 }
		},
		{
			selector: 'edge.jout',
			style: {
				'line-color': 'data(colour)',
				'target-arrow-color': 'data(colour)',
				'target-arrow-shape': 'triangle',
				width: 3.5,
				events: 'no'
			}
		},
		{
			selector: 'node.junction',
			style: {
				shape: 'ellipse',
				width: 14,
				height: 14,
				'background-color': 'data(colour)',
				'border-width': 2,
				'border-color': '#ffffff',
				events: 'no'
			}
		},
		// Mid nodes are invisible anchors for undercuts; while an edge is drawn (class `droppable`) they
		// show as drop targets.
		{
			selector: 'node.mid',
			style: {
				width: 10,
				height: 10,
				shape: 'ellipse',
				'background-color': RELATION_STYLES.undercuts.colour,
				'background-opacity': 0,
				'border-width': 0,
				events: 'no'
			}
		},
		{
			selector: 'node.mid.droppable',
			style: { 'background-opacity': 0.35, width: 16, height: 16, events: 'yes' }
		},
		{
			selector: 'node.mid.eh-target, node.mid.eh-hover',
			style: { 'background-opacity': 1, width: 20, height: 20 }
		},
		// Selection is a halo behind the node, so the node keeps its own colours and stays readable.
		{
			selector: 'node:selected',
			style: {
				'underlay-color': SELECTED,
				'underlay-opacity': 0.55,
				'underlay-padding': 7,
				'underlay-shape': 'round-rectangle'
			}
		},
		{
			selector: 'edge:selected',
			style: { width: 4, 'overlay-color': SELECTED, 'overlay-opacity': 0.3, 'overlay-padding': 4 }
		},
		// Nodes anchored to the sentence clicked in the source pane: a yellow outline.
		{
			selector: 'node.anchored',
			style: { 'outline-color': '#eab308', 'outline-width': 4, 'outline-offset': 3 }
		},
		{
			selector: '.eh-ghost-edge, edge.eh-preview',
			style: {
				'line-color': SELECTED,
				'target-arrow-color': SELECTED,
				'target-arrow-shape': 'triangle',
				'line-style': 'dashed',
				width: 2
			}
		},
		{ selector: '.eh-ghost-edge.eh-preview-active', style: { opacity: 0 } },
		{ selector: 'node.eh-target', style: { 'border-color': SELECTED, 'border-width': 4 } },
		// A keyboard connection (C): its source dashed; the node aimed at outlined in the blue of the
		// bar that names it, so it is not taken for the (orange) selection.
		{ selector: 'node.aim-source', style: { 'border-style': 'dashed', 'border-width': 3 } },
		{
			selector: 'node.aim-target',
			style: {
				'border-color': AIM,
				'border-width': 4,
				'outline-color': AIM,
				'outline-width': 3,
				'outline-offset': 4
			}
		}
	);
	return sheet;
}
