/**
 * The map preview in the editor page (map-preview.ts, put there by hooks.server.ts), browser side.
 * Until the app mounts it sits about where the map pane will be, fixed to the page; the editor then
 * fits it to the pane, and removes it once cytoscape has drawn the live map underneath.
 */
export const MAP_PREVIEW_ID = 'warrant-map-preview';

/**
 * Fits the preview's box to the map pane (cytoscape's container) now that the page is laid out,
 * where before it was placed by a guess at the header's height; returns the function that removes
 * it. The box stays where it is in the document: moving the element would make the browser draw the
 * picture again.
 */
export function adoptMapPreview(map: HTMLElement | null): () => void {
	const el = document.getElementById(MAP_PREVIEW_ID);
	if (!el) return () => {};
	if (!map) {
		el.remove();
		return () => {};
	}
	const r = map.getBoundingClientRect();
	Object.assign(el.style, {
		left: `${r.left}px`,
		top: `${r.top}px`,
		width: `${r.width}px`,
		height: `${r.height}px`,
		right: 'auto',
		bottom: 'auto'
	});
	return () => el.remove();
}
