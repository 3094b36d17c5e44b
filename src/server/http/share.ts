/**
 * Share links and roles:
 *   POST /api/maps/<id>/share  [{ "rotate": true, "by": "Ada" }] → { editUrl, viewUrl }
 *       protects the map (idempotent: the same links again unless `rotate`). Anyone may protect an
 *       unprotected map; once protected, only the edit token may call it. Protecting grants the
 *       editor connections open on the map editing (access/grants.ts); `by` is the name they are
 *       told protected it.
 *   GET  /api/maps/<id>/share  (edit token) → { editUrl, viewUrl }; 404 `not-protected` when open
 *   GET  /api/maps/<id>/access [token] → { protected, role, via } or 403 { error, reason }
 * Tokens never appear anywhere but in these answers (not in the document, listings or logs).
 */
import { MAX_NOTICE_NAME } from '$lib/api/notice';
import { requestOrigin, shareLinks } from '../access/links';
import type { ApiContext, ApiRequest } from './context';
import { hasNoBody, readJsonBody } from './body';
import { requireAccess } from './guard';
import { HttpError, sendJson } from './respond';

/** `{}` or `{ rotate?: boolean, by?: string }`; an empty body is `{}`. */
const MAX_SHARE_BODY = 1024;

/** Control characters, and the marks that turn text direction, have no place in a shown name. */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function readShareOptions(ar: ApiRequest): Promise<{ rotate: boolean; by: string | null }> {
	if (hasNoBody(ar.req)) return { rotate: false, by: null };
	const body = await readJsonBody(ar.req, MAX_SHARE_BODY);
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new HttpError(400, 'body must be a JSON object such as { "rotate": true }');
	const unknown = Object.keys(body).filter((key) => key !== 'rotate' && key !== 'by');
	if (unknown.length > 0)
		throw new HttpError(400, `unknown field ${unknown[0]} (expected rotate or by)`);
	const { rotate = false, by = null } = body as { rotate?: unknown; by?: unknown };
	if (typeof rotate !== 'boolean') throw new HttpError(400, 'rotate must be true or false');
	if (by !== null && (typeof by !== 'string' || by.trim() === '' || by.length > MAX_NOTICE_NAME))
		throw new HttpError(400, `by must be a name of 1-${MAX_NOTICE_NAME} characters`);
	if (typeof by === 'string' && UNSHOWABLE.test(by))
		throw new HttpError(400, 'by must not hold control or direction characters');
	return { rotate, by: typeof by === 'string' ? by.trim() : null };
}

function originOf(ar: ApiRequest): string {
	const origin = requestOrigin(ar.req.headers);
	if (!origin)
		throw new HttpError(400, 'the request has no usable Host header to build links with');
	return origin;
}

export async function postShare(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	// Everything is checked before anything is stored.
	await requireAccess(ctx, id, ar, 'links');
	const origin = originOf(ar);
	const { rotate, by } = await readShareOptions(ar);
	const { share } = await ctx.access.protect(id, rotate, by);
	sendJson(ar.res, 200, shareLinks(origin, share));
}

export async function getShare(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const access = await requireAccess(ctx, id, ar, 'links');
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
	sendJson(ar.res, 200, { protected: access.protected, role: access.role, via: access.via });
}
