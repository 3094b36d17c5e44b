/**
 * Markup the server renders into the editor page's HTML and never sends again as page data: the
 * map's picture (`<img>` with the SVG as a data URL) and the still essay (SourcePane rendered on the
 * server). The `transport` hook (src/hooks.ts) sends only a marker, and the browser keeps the
 * elements the server rendered (Svelte keeps the server's `{@html}` when hydrating, its documented
 * behaviour) until the editor replaces them. So the page carries them once, and hydration does not
 * walk them: the interactive editor mounts in the browser.
 */
export class ServerMarkup {
	/** `html` is the markup on the server; in the browser, a marker that keeps it. */
	constructor(readonly html: string) {}
}

/** Stands for the server's markup in the browser (non-empty, so that hydration adopts it). */
export const KEEP_SERVER_MARKUP = '<!-- rendered by the server -->';

export function pictureImg(svg: string): string {
	return `<img alt="" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}">`;
}
