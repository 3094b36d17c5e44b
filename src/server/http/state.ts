/**
 *   GET /api/maps/<id>/state [token] → the map's whole Yjs document as one update
 *       (`Y.encodeStateAsUpdate`, content-type application/vnd.yjs.update), with the caller's
 *       access in `x-warrant-role` (editor | viewer) and `x-warrant-protected` (true | false).
 *       Refusals are the JSON errors of /access (403 with `reason`, 404).
 *
 * Why: the editor page asks this while its scripts load (the HTML preloads it) and draws the map
 * from the answer, instead of waiting for a websocket handshake and the sync exchange; the socket
 * then only has the difference to send. It doubles as /access, so one request answers both. Outside
 * tools can read a map's CRDT state with it too (`Y.applyUpdate(doc, body)`).
 */
import * as Y from 'yjs';
import { readMap } from '$lib/model/read';
import { essayPreview } from '$lib/view/essay-preview';
import { mapPreview, type MapPreview } from '$lib/view/map-preview';

/** What the editor page's HTML shows before the editor runs: the map's picture and the essay. */
export interface PagePreview {
	map: MapPreview | null;
	/** The essay with its coverage shading, as HTML (essay-preview.ts). */
	essay: string | null;
}
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { HttpError } from './respond';

export const YJS_UPDATE_MIME = 'application/vnd.yjs.update';

export async function getState(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const access = await requireAccess(ctx, id, ar, 'read');
	const update = await ctx.registry.withDoc(id, (doc) => Y.encodeStateAsUpdate(doc));
	if (update === null) throw new HttpError(404, `no map ${id}`);
	ar.res.writeHead(200, {
		'content-type': YJS_UPDATE_MIME,
		'content-length': update.byteLength,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'x-warrant-role': access.role,
		'x-warrant-protected': String(access.protected)
	});
	ar.res.end(update);
}

/**
 * The picture of the map and the shaded essay that the editor page's HTML shows until the editor
 * has drawn the map (`map-preview.ts`, `essay-preview.ts`), for a caller presenting `token`. Null when the map does not exist, the token
 * does not admit the caller (a protected map's contents never reach a page without its link), or
 * there is nothing to draw.
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
