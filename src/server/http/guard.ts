/**
 * Checks in front of map routes: the map exists (404; maps are listed openly, so existence is not
 * a secret), then the presented token admits the request (403 with a reason code the page shows).
 */
import type { Role } from '$lib/api/wire';
import type { AccessVia } from '../access/decide';
import type { ApiContext, ApiRequest } from './context';
import { HttpError } from './respond';
import { presentedParticipant, presentedToken } from './token';

export type AccessReason =
	'token-required' | 'token-invalid' | 'editor-required' | 'edit-link-required';

export async function requireMap(ctx: ApiContext, id: string): Promise<void> {
	if (!(await ctx.registry.exists(id))) throw new HttpError(404, `no map ${id}`);
}

/**
 * Resolves with the caller's role, what admitted it and whether the map is protected, or throws
 * 403. `need: 'edit'` also refuses a viewer (`editor-required`); `need: 'links'` (showing or
 * replacing the share links) wants the edit link itself, or an open map: an editor grant lets a
 * browser edit, not hand out links (`edit-link-required`).
 */
export async function requireAccess(
	ctx: ApiContext,
	id: string,
	{ req, url }: ApiRequest,
	need: 'read' | 'edit' | 'links'
): Promise<{ role: Role; protected: boolean; via: AccessVia }> {
	await requireMap(ctx, id);
	const decided = await ctx.access.decide(id, presentedToken(req, url), presentedParticipant(req));
	if (!decided.ok) throw new HttpError(403, decided.message, {}, decided.reason);
	if (need !== 'read' && decided.role !== 'editor')
		throw new HttpError(
			403,
			'the view link cannot do this: use the map’s edit link',
			{},
			'editor-required' satisfies AccessReason
		);
	if (need === 'links' && decided.via === 'grant')
		throw new HttpError(
			403,
			'only the edit link can show or replace the links: ask whoever protected the map',
			{},
			'edit-link-required' satisfies AccessReason
		);
	return { role: decided.role, protected: decided.protected, via: decided.via };
}
