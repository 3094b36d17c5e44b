/**
 *   GET /api/maps/<id>/state [token] → the map's whole Yjs document as one update
 *       (`Y.encodeStateAsUpdate`, content-type application/vnd.yjs.update), with the caller's
 *       access in `x-warrant-role` (editor | viewer), `x-warrant-protected` (true | false) and
 *       `x-warrant-via` (open | edit-link | view-link | grant: what admitted it).
 *       Refusals are the JSON errors of /access (403 with `reason`, 404).
 *
 * Why: the editor page asks this while its scripts load (the HTML preloads it) and draws the map
 * from the answer, instead of waiting for a websocket handshake and the sync exchange; the socket
 * then only has the difference to send. It doubles as /access, so one request answers both. Outside
 * tools can read a map's CRDT state with it too (`Y.applyUpdate(doc, body)`).
 */
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { HttpError } from './respond';

export const YJS_UPDATE_MIME = 'application/vnd.yjs.update';

export async function getState(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const access = await requireAccess(ctx, id, ar, 'read');
	const update = await ctx.registry.encodedState(id);
	if (update === null) throw new HttpError(404, `no map ${id}`);
	ar.res.writeHead(200, {
		'content-type': YJS_UPDATE_MIME,
		'content-length': update.byteLength,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'x-warrant-role': access.role,
		'x-warrant-protected': String(access.protected),
		'x-warrant-via': access.via
	});
	ar.res.end(update);
}
