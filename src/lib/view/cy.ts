/**
 * Loads cytoscape and its extensions in the browser only: they touch `window` when imported, which
 * would kill server-side rendering. Extensions are registered once per page, however often an
 * editor is mounted.
 */
import type cytoscape from 'cytoscape';

let loading: Promise<typeof cytoscape> | null = null;

export function loadCytoscape(): Promise<typeof cytoscape> {
	loading ??= Promise.all([import('cytoscape'), import('cytoscape-edgehandles')]).then(
		([core, edgehandles]) => {
			core.default.use(edgehandles.default);
			return core.default;
		}
	);
	return loading;
}
