/**
 * Style rules for the seminar decorations (decorations.svelte.ts writes the data they read). They
 * are part of the stylesheet cytoscape is created with: added later, they would make cytoscape
 * restyle every element of a map that is already drawn.
 */
import type cytoscape from 'cytoscape';

export const DECORATION_STYLE: cytoscape.StylesheetJson = [
	{
		selector: 'node.node[?agreeFill]',
		style: { 'background-color': 'data(agreeFill)', color: 'data(agreeText)' }
	},
	{
		selector: 'node.node[?peerRing]',
		style: {
			'outline-color': 'data(peerRing)',
			'outline-width': 4,
			'outline-offset': 4,
			'outline-opacity': 1
		}
	},
	{
		selector: 'edge[?peerRing]',
		style: { 'underlay-color': 'data(peerRing)', 'underlay-opacity': 0.45, 'underlay-padding': 5 }
	},
	{ selector: 'node.node[?dim], edge[?dim]', style: { opacity: 0.15 } }
];
