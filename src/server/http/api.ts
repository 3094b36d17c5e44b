/**
 * The HTTP API under `/api`: routing only; each route lives in its own module. Everything else goes
 * to `next()` (SvelteKit in production, Vite in dev). Every answer is JSON except exports; errors
 * are `{ error, reason? }`.
 *   GET  /api/maps                      maps.ts
 *   POST /api/maps                      create-map.ts
 *   GET  /api/maps/<id>                 maps.ts
 *   GET  /api/maps/<id>/export?format=  export.ts
 *   GET  /api/maps/<id>/access          share.ts
 *   GET  /api/maps/<id>/state           state.ts (the Yjs document as one update)
 *   GET  /api/maps/<id>/share           share.ts
 *   POST /api/maps/<id>/share           share.ts
 *   GET  /api/maps/<id>/history         history.ts (sessions, named versions)
 *   GET  /api/maps/<id>/history/steps   history.ts (a page of steps)
 *   GET  /api/maps/<id>/history/updates   history.ts (a checkpoint and the updates after it)
 *   POST /api/maps/<id>/versions        history.ts (name the map as it is now)
 *   GET  /api/maps/<id>/versions/<v>    history.ts (the map file of a moment)
 *   GET  /api/maps/<id>/diff?from=&to=  history.ts
 *   POST /api/maps/<id>/restore         history.ts
 *   GET  /api/maps/<id>/report          history.ts (instructor's report, JSON or ?format=csv)
 *   POST /api/extract                   extract.ts (a PDF, web page, Word or text file → its text)
 *   GET  /api/debug/stats (only with WARRANT_DEBUG_STATS=1) → memory and room counts
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMapId } from '$lib/model/schema';
import { activity } from '../stalls';
import { API_PREFIX, type ApiContext, type ApiRequest } from './context';
import { createMap } from './create-map';
import { exportRoute } from './export';
import { extractRoute } from './extract';
import {
	getDiff,
	getHistory,
	getReport,
	getSteps,
	getUpdates,
	getVersion,
	postRestore,
	postVersion
} from './history';
import { getMap, listMaps } from './maps';
import { HttpError, sendJson } from './respond';
import { getAccess, getShare, postShare } from './share';
import { getState } from './state';

export type { ApiContext } from './context';

export type Middleware = (
	req: IncomingMessage,
	res: ServerResponse,
	next: (err?: unknown) => void
) => void;

export const ownsHttpPath = (path: string): boolean =>
	path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);

type Method = 'GET' | 'POST';

function allow(req: IncomingMessage, methods: Method[]): Method {
	if (!(methods as string[]).includes(req.method ?? ''))
		throw new HttpError(405, `${req.method} is not allowed here; use ${methods.join(' or ')}`, {
			allow: methods.join(', ')
		});
	return req.method as Method;
}

function debugStats(ctx: ApiContext, { url, res }: ApiRequest): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (url.searchParams.get('gc') === '1' && gc) gc();
	const memory = process.memoryUsage();
	sendJson(res, 200, {
		...ctx.registry.stats(),
		...ctx.connectionStats(),
		rss: memory.rss,
		heapUsed: memory.heapUsed,
		external: memory.external,
		arrayBuffers: memory.arrayBuffers,
		gc: Boolean(gc),
		stall: ctx.longestStall?.(url.searchParams.get('reset') === '1') ?? null
	});
}

/**
 * `<id>`, `<id>/<action>` or `<id>/versions/<v>` after `/api/maps/`, with the id checked (`<v>` is
 * checked by its route).
 */
function mapPath(rest: string): { id: string; action: string | null; sub: string | null } {
	const [rawId, action, ...more] = rest.split('/');
	const sub =
		(action === 'versions' || action === 'history') && more.length === 1 ? more.pop()! : null;
	let id: string;
	try {
		id = decodeURIComponent(rawId);
	} catch {
		throw new HttpError(400, 'malformed map id');
	}
	if (!isMapId(id))
		throw new HttpError(400, `invalid map id ${JSON.stringify(id)} (a-z, 0-9, -; at most 64)`);
	if (more.length > 0) throw new HttpError(404, `no API endpoint under /api/maps/${id}/${action}`);
	return { id, action: action ?? null, sub };
}

async function route(ctx: ApiContext, ar: ApiRequest): Promise<void> {
	const { req, url } = ar;
	const path = url.pathname.replace(/\/+$/, '') || '/';
	if (path === `${API_PREFIX}/maps`)
		return allow(req, ['GET', 'POST']) === 'GET' ? listMaps(ctx, ar) : createMap(ctx, ar);
	if (path === `${API_PREFIX}/extract`) {
		allow(req, ['POST']);
		return extractRoute(ctx, ar);
	}
	if (path.startsWith(`${API_PREFIX}/maps/`)) {
		const { id, action, sub } = mapPath(path.slice(`${API_PREFIX}/maps/`.length));
		switch (action) {
			case 'history':
				allow(req, ['GET']);
				if (sub === 'steps') return getSteps(ctx, id, ar);
				if (sub === 'updates') return getUpdates(ctx, id, ar);
				if (sub !== null) throw new HttpError(404, `no API endpoint ${req.method} ${path}`);
				return getHistory(ctx, id, ar);
			case 'versions':
				if (sub !== null) {
					allow(req, ['GET']);
					return getVersion(ctx, id, sub, ar);
				}
				allow(req, ['POST']);
				return postVersion(ctx, id, ar);
			case 'diff':
				allow(req, ['GET']);
				return getDiff(ctx, id, ar);
			case 'restore':
				allow(req, ['POST']);
				return postRestore(ctx, id, ar);
			case 'report':
				allow(req, ['GET']);
				return getReport(ctx, id, ar);
			case null:
				allow(req, ['GET']);
				return getMap(ctx, id, ar);
			case 'export':
				allow(req, ['GET']);
				return exportRoute(ctx, id, ar);
			case 'access':
				allow(req, ['GET']);
				return getAccess(ctx, id, ar);
			case 'state':
				allow(req, ['GET']);
				return getState(ctx, id, ar);
			case 'share':
				return allow(req, ['GET', 'POST']) === 'GET'
					? getShare(ctx, id, ar)
					: postShare(ctx, id, ar);
			default:
				throw new HttpError(404, `no API endpoint ${req.method} ${path}`);
		}
	}
	if (path === `${API_PREFIX}/debug/stats` && ctx.debugStats) {
		allow(req, ['GET']);
		return debugStats(ctx, ar);
	}
	throw new HttpError(404, `no API endpoint ${req.method} ${path}`);
}

export function createApiMiddleware(ctx: ApiContext): Middleware {
	return (req, res, next) => {
		let url: URL;
		try {
			url = new URL(req.url ?? '/', 'http://localhost');
		} catch {
			return sendJson(res, 400, { error: 'malformed URL' });
		}
		if (!ownsHttpPath(url.pathname)) return next();
		activity(() => `${req.method} ${url.pathname}`);
		route(ctx, { req, res, url }).catch((err) => {
			if (res.headersSent || res.destroyed || req.socket.destroyed) {
				// A client that went away (aborted upload, closed tab) is not a server error.
				res.destroy();
				return;
			}
			if (err instanceof HttpError) return sendJson(res, err.status, err.body, err.headers);
			// The pathname only: a query may hold a token, which must never reach a log.
			ctx.problems.report(
				'api-error',
				`${req.method} ${url.pathname}: ${String((err as Error)?.stack ?? err)}`
			);
			sendJson(res, 500, { error: 'internal error' });
		});
	};
}
