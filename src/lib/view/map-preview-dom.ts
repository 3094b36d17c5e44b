/**
 * The previews in the editor page (the map's picture and the essay, put there by hooks.server.ts),
 * browser side. Until the app mounts each sits about where its pane will be, fixed to the page; the
 * editor then fits them to the panes, and removes them once cytoscape has drawn the live map.
 */
export const MAP_PREVIEW_ID = 'warrant-map-preview';
export const ESSAY_PREVIEW_ID = 'warrant-essay-preview';

/**
 * Fits a preview's box to its pane (cytoscape's container, the essay's section) now that the page is
 * laid out, where before it was placed by a guess at the header's height; returns the function that
 * removes it. The box stays where it is in the document: moving the element would make the browser
 * draw it again.
 */
export function adoptPreview(id: string, pane: HTMLElement | null): () => void {
	const el = document.getElementById(id);
	if (!el) return () => {};
	if (!pane) {
		el.remove();
		return () => {};
	}
	const r = pane.getBoundingClientRect();
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
