/**
 * The map preview in the editor page (map-preview.ts, put there by hooks.server.ts), browser side.
 * Until the app mounts it sits where the map pane will be, fixed to the page; the editor then moves
 * it into the map pane itself, and removes it once cytoscape has drawn the live map underneath.
 */
export const MAP_PREVIEW_ID = 'warrant-map-preview';

/**
 * Moves the preview into the map pane, right after cytoscape's container (so that it covers the
 * empty canvas, and the pane's overlays stay above it); returns the function that removes it.
 */
export function adoptMapPreview(map: HTMLElement | null): () => void {
	const el = document.getElementById(MAP_PREVIEW_ID);
	if (!el) return () => {};
	if (!map) {
		el.remove();
		return () => {};
	}
	el.classList.add('adopted');
	map.after(el);
	return () => el.remove();
}
