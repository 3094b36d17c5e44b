/**
 * Share links and roles:
 *   POST /api/maps/<id>/share  [{ "rotate": true }] → { editUrl, viewUrl }
 *       protects the map (idempotent: the same links again unless `rotate`). Anyone may protect an
 *       unprotected map; once protected, only the edit token may call it.
 *   GET  /api/maps/<id>/share  (edit token) → { editUrl, viewUrl }; 404 `not-protected` when open
 *   GET  /api/maps/<id>/access [token] → { protected, role } or 403 { error, reason }
 * Tokens never appear anywhere but in these answers (not in the document, listings or logs).
 */
import { requestOrigin, shareLinks } from '../access/links';
import type { ApiContext, ApiRequest } from './context';
import { hasNoBody, readJsonBody } from './body';
import { requireAccess } from './guard';
import { HttpError, sendJson } from './respond';

/** `{}` or `{ rotate: boolean }`; an empty body is `{}`. */
const MAX_SHARE_BODY = 1024;

async function readShareOptions(ar: ApiRequest): Promise<{ rotate: boolean }> {
	if (hasNoBody(ar.req)) return { rotate: false };
	const body = await readJsonBody(ar.req, MAX_SHARE_BODY);
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new HttpError(400, 'body must be a JSON object such as { "rotate": true }');
	const unknown = Object.keys(body).filter((key) => key !== 'rotate');
	if (unknown.length > 0) throw new HttpError(400, `unknown field ${unknown[0]} (expected rotate)`);
	const rotate = (body as { rotate?: unknown }).rotate ?? false;
	if (typeof rotate !== 'boolean') throw new HttpError(400, 'rotate must be true or false');
	return { rotate };
}

function originOf(ar: ApiRequest): string {
	const origin = requestOrigin(ar.req.headers);
	if (!origin)
		throw new HttpError(400, 'the request has no usable Host header to build links with');
	return origin;
}

export async function postShare(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	// Everything is checked before anything is stored.
	await requireAccess(ctx, id, ar, 'edit');
	const origin = originOf(ar);
	const { rotate } = await readShareOptions(ar);
	const { share } = await ctx.access.protect(id, rotate);
	sendJson(ar.res, 200, shareLinks(origin, share));
}

export async function getShare(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const access = await requireAccess(ctx, id, ar, 'edit');
	const share = await ctx.access.share(id);
	if (!access.protected || !share)
		throw new HttpError(
			404,
			`map ${id} is not protected: POST here to create its links`,
			{},
			'not-protected'
		);
	sendJson(ar.res, 200, shareLinks(originOf(ar), share));
}

export async function getAccess(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const access = await requireAccess(ctx, id, ar, 'read');
	sendJson(ar.res, 200, { protected: access.protected, role: access.role });
}
