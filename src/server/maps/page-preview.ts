/**
 * What the editor page's HTML shows before the editor runs (hooks.server.ts, through bridge.ts):
 * the map's picture (`$lib/drawing/map-preview.ts`) and the essay with its coverage shading
 * (`$lib/view/essay-preview.ts`), for callers the map's link admits.
 */
import type * as Y from 'yjs';
import { readMap } from '$lib/model/read';
import { essayPreview } from '$lib/view/essay-preview';
import { mapPreview, type MapPreview } from '../../lib/drawing/map-preview';
import type { ApiContext } from '../http/context';

export interface PagePreview {
	map: MapPreview | null;
	/** The essay with its coverage shading, as HTML. */
	essay: string | null;
}

/**
 * The previews for a caller presenting `token`. Null when the map does not exist or the token does
 * not admit the caller: a protected map's contents never reach a page without its link.
 */
export async function previewFor(
	ctx: ApiContext,
	id: string,
	token: string | null
): Promise<PagePreview | null> {
	if (!(await ctx.registry.exists(id))) return null;
	const decided = await ctx.access.decide(id, token);
	if (!decided.ok) return null;
	return ctx.registry.withDoc(id, cachedPreview);
}

/**
 * Drawn once per document state: a seminar opening the same map draws it once, not once a student.
 * Entries live as long as their Y.Doc (a loaded room's); any change to the document drops the
 * picture, and the next page view draws it again.
 */
const previews = new WeakMap<Y.Doc, { preview: PagePreview | undefined }>();

function cachedPreview(doc: Y.Doc): PagePreview {
	let entry = previews.get(doc);
	if (!entry) {
		const fresh: { preview: PagePreview | undefined } = { preview: undefined };
		doc.on('update', () => (fresh.preview = undefined));
		previews.set(doc, fresh);
		entry = fresh;
	}
	if (!entry.preview) {
		const view = readMap(doc);
		entry.preview = { map: mapPreview(view), essay: essayPreview(view) };
	}
	return entry.preview;
}
