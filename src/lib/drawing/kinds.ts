/**
 * How each node kind and edge relation looks, in one table shared by the cytoscape stylesheet, the
 * legend and the toolbar, so that the three never disagree. Colours are paired with distinct shapes
 * (and dashes for undercuts) so that the map stays readable without colour.
 */
import { NODE_KINDS, type NodeKind, type Relation } from '$lib/model/schema';

export type CyShape =
	| 'round-rectangle'
	| 'rectangle'
	| 'cut-rectangle'
	| 'round-hexagon'
	| 'ellipse'
	| 'round-tag'
	| 'barrel';

export interface KindStyle {
	kind: NodeKind;
	label: string;
	/** Digit key that switches the selected nodes to this kind (1-7, in NODE_KINDS order). */
	key: string;
	shape: CyShape;
	fill: string;
	border: string;
	text: string;
	borderStyle: 'solid' | 'dashed' | 'double';
	description: string;
}

export const KIND_STYLES: Record<NodeKind, KindStyle> = {
	thesis: {
		kind: 'thesis',
		label: 'Thesis',
		key: '1',
		shape: 'round-rectangle',
		fill: '#1e3a8a',
		border: '#0f1d4a',
		text: '#ffffff',
		borderStyle: 'double',
		description: 'the position the essay argues for'
	},
	claim: {
		kind: 'claim',
		label: 'Claim',
		key: '2',
		shape: 'rectangle',
		fill: '#dbeafe',
		border: '#2563eb',
		text: '#0b1f44',
		borderStyle: 'solid',
		description: 'an assertion offered in the argument'
	},
	evidence: {
		kind: 'evidence',
		label: 'Evidence',
		key: '3',
		shape: 'barrel',
		fill: '#dcfce7',
		border: '#15803d',
		text: '#052e16',
		borderStyle: 'solid',
		description: 'facts, data or sources'
	},
	counterpoint: {
		kind: 'counterpoint',
		label: 'Counterpoint',
		key: '4',
		shape: 'cut-rectangle',
		fill: '#fee2e2',
		border: '#b91c1c',
		text: '#450a0a',
		borderStyle: 'solid',
		description: 'an objection to a claim'
	},
	rebuttal: {
		kind: 'rebuttal',
		label: 'Rebuttal',
		key: '5',
		shape: 'round-hexagon',
		fill: '#f3e8ff',
		border: '#7e22ce',
		text: '#2e1065',
		borderStyle: 'solid',
		description: 'an answer to an objection'
	},
	question: {
		kind: 'question',
		label: 'Question',
		key: '6',
		shape: 'ellipse',
		fill: '#fef3c7',
		border: '#b45309',
		text: '#451a03',
		borderStyle: 'solid',
		description: 'an open question the reading raises'
	},
	note: {
		kind: 'note',
		label: 'Note',
		key: '7',
		shape: 'round-tag',
		fill: '#f4f4f5',
		border: '#71717a',
		text: '#27272a',
		borderStyle: 'dashed',
		description: 'a remark that is not part of the argument'
	}
};

export const KIND_LIST: KindStyle[] = NODE_KINDS.map((k) => KIND_STYLES[k]);

export function kindForKey(key: string): NodeKind | null {
	return KIND_LIST.find((k) => k.key === key)?.kind ?? null;
}

export interface RelationStyle {
	relation: Relation;
	label: string;
	colour: string;
	arrow: 'triangle' | 'tee';
	/** Dash pattern of the line (dash, gap in px), or null for a solid line. */
	dash: readonly number[] | null;
	description: string;
}

/** The pattern as SVG's `stroke-dasharray` wants it. */
export const dashArray = (dash: readonly number[] | null): string | null =>
	dash ? dash.join(' ') : null;

export const RELATION_STYLES: Record<Relation, RelationStyle> = {
	supports: {
		relation: 'supports',
		label: 'Supports',
		colour: '#3f6212',
		arrow: 'triangle',
		dash: null,
		description: 'arrow: the source gives a reason for the target'
	},
	attacks: {
		relation: 'attacks',
		label: 'Attacks',
		colour: '#c2410c',
		arrow: 'tee',
		dash: null,
		description: 'flat head: the source argues against the target'
	},
	undercuts: {
		relation: 'undercuts',
		label: 'Undercuts',
		colour: '#a21caf',
		arrow: 'tee',
		dash: [7, 4],
		description: 'dashed, ends on an edge: denies that the inference holds'
	},
	rephrases: {
		relation: 'rephrases',
		label: 'Rephrases',
		colour: '#0369a1',
		arrow: 'triangle',
		// Dotted, unlike every other relation: a rephrase is neither a reason nor an objection.
		dash: [2, 4],
		description: 'dotted blue arrow: the source says what the target says in other words'
	}
};

/**
 * Colours for co-premise groups: distinct from the kind and relation colours, dark enough for a
 * 2px line on white. A group keeps its colour on every peer because it is chosen from its id.
 */
export const GROUP_COLOURS = ['#0e7490', '#b45309', '#4338ca', '#be185d', '#047857', '#6d28d9'];

export function groupColour(group: string): string {
	let h = 0;
	for (let i = 0; i < group.length; i++) h = (h * 31 + group.charCodeAt(i)) >>> 0;
	return GROUP_COLOURS[h % GROUP_COLOURS.length];
}
