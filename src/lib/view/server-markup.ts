/**
 * Markup the server renders into the editor page's HTML and never sends again as page data: the
 * map's picture (the SVG inline) and the still essay (SourcePane rendered on the
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

/**
 * The map's picture in the page: the SVG itself, inline (its text is escaped by the SVG export,
 * `$lib/drawing/svg.ts`, as it must be in a file anyway). As an `<img>` with a data URL, Chromium
 * built an isolated SVG document for it inside the HTML parser's task, 40-65 ms before any script
 * could run whatever the picture's size; inline it is part of the page's own parse and paint.
 */
export function pictureMarkup(svg: string): string {
	return svg;
}
