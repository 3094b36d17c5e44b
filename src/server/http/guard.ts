/**
 * Checks in front of map routes: the map exists (404; maps are listed openly, so existence is not
 * a secret), then the presented token admits the request (403 with a reason code the page shows).
 */
import type { Role } from '$lib/api/wire';
import type { ApiContext, ApiRequest } from './context';
import { HttpError } from './respond';
import { presentedToken } from './token';

export type AccessReason = 'token-required' | 'token-invalid' | 'editor-required';

export async function requireMap(ctx: ApiContext, id: string): Promise<void> {
	if (!(await ctx.registry.exists(id))) throw new HttpError(404, `no map ${id}`);
}

/**
 * Resolves with the caller's role and whether the map is protected, or throws 403. `need: 'edit'`
 * also refuses a viewer (`editor-required`).
 */
export async function requireAccess(
	ctx: ApiContext,
	id: string,
	{ req, url }: ApiRequest,
	need: 'read' | 'edit'
): Promise<{ role: Role; protected: boolean }> {
	await requireMap(ctx, id);
	const decided = await ctx.access.decide(id, presentedToken(req, url));
	if (!decided.ok) throw new HttpError(403, decided.message, {}, decided.reason);
	if (need === 'edit' && decided.role !== 'editor')
		throw new HttpError(
			403,
			'the view link cannot do this: use the map’s edit link',
			{},
			'editor-required' satisfies AccessReason
		);
	return { role: decided.role, protected: decided.protected };
}
