/**
 * The map's picture in the editor page's HTML (`<img>` with the SVG as a data URL), rendered on the
 * server and never sent again as page data: the `transport` hook (src/hooks.ts) sends only a marker,
 * and the browser keeps the element the server rendered (Svelte keeps the server's `{@html}` when
 * hydrating, its documented behaviour) until the editor has drawn the map and the page removes it.
 * That keeps the picture (about 100 KB for the essay map) out of the page a second time.
 */
export class PagePicture {
	/** `html` is the `<img>` element on the server; in the browser, a marker that keeps it. */
	constructor(readonly html: string) {}
}

/** Stands for the server's markup in the browser (non-empty, so that hydration adopts it). */
export const KEEP_SERVER_MARKUP = '<!-- the server’s picture -->';

export function pictureImg(svg: string): string {
	return `<img alt="" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}">`;
}
