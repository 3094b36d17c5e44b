/**
 * The map's document carried in the editor page's HTML (routes/map/[id]/+page.server.ts, through
 * bridge.ts; streamed after the markup), so that the page draws the map without a `/state` request
 * of its own: on HTTP/1.1 that request queued behind the page's scripts (discovered at 123 ms, sent
 * at 783 ms in one profile).
 *
 * The same answer `/state` gives (http/state.ts), under the same rule: the access decision for the
 * page URL's token. It leaves out the participant key, which only the browser holds (it is never a
 * cookie) — that changes nothing for an admitted caller, because a token that admits decides before
 * any grant does (access/decide.ts). A caller the token does not admit gets nothing here and asks
 * `/state` itself with its key, so an editor grant still opens the map.
 */
import type { AccessVia, Role } from '$lib/api/wire';
import type { ApiContext } from './http/context';

export type PageState = {
	role: Role;
	protected: boolean;
	via: AccessVia;
	/** `Y.encodeStateAsUpdate` of the map, base64; null above `pageStateMaxBytes`. */
	update: string | null;
} | null;

/**
 * The state for a caller presenting `token`: null when the map does not exist or the token does not
 * admit the caller (a protected map's contents never reach a page without its link); `update: null`
 * when the document is larger than `ctx.pageStateMaxBytes` (the page then asks `/state`).
 */
export async function pageStateFor(
	ctx: ApiContext,
	id: string,
	token: string | null
): Promise<PageState> {
	if (!(await ctx.registry.exists(id))) return null;
	const decided = await ctx.access.decide(id, token);
	if (!decided.ok) return null;
	const update = await ctx.registry.encodedState(id);
	if (!update) return null;
	return {
		role: decided.role,
		protected: decided.protected,
		via: decided.via,
		update:
			update.byteLength <= ctx.pageStateMaxBytes
				? Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64')
				: null
	};
}
