/**
 * Loads cytoscape and its extensions in the browser only: they touch `window` when imported, which
 * would kill server-side rendering. Extensions are registered once per page, however often an
 * editor is mounted.
 *
 * The edge-drawing extension (cytoscape-edgehandles, about 6 KB gzip with its lodash helpers) is not
 * part of the first view: only someone who may edit ever draws an edge, so the controller asks for
 * it (`loadEdgeHandles`) when such a person is shown the map; a view link never loads it.
 * Registering it after instances exist is fine: cytoscape adds core extensions to its prototype.
 */
import type cytoscape from 'cytoscape';

let loading: Promise<typeof cytoscape> | null = null;
let loadingEdgeHandles: Promise<void> | null = null;

export function loadCytoscape(): Promise<typeof cytoscape> {
	loading ??= import('cytoscape').then((core) => core.default);
	return loading;
}

/** Resolves once `cy.edgehandles(…)` exists on every cytoscape instance of the page. */
export function loadEdgeHandles(): Promise<void> {
	loadingEdgeHandles ??= Promise.all([loadCytoscape(), import('cytoscape-edgehandles')]).then(
		([core, edgehandles]) => {
			core.use(edgehandles.default);
		},
		(err: unknown) => {
			// A chunk that could not be fetched (offline, a new deployment) is asked for again next time.
			loadingEdgeHandles = null;
			throw err;
		}
	);
	return loadingEdgeHandles;
}
