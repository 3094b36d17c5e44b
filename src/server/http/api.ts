/**
 * The HTTP API under `/api`. Everything else goes to `next()` (SvelteKit in production, Vite in dev).
 *   GET  /api/maps       → [{ id, title, source: { title, author }, nodeCount, edgeCount, updatedAt }]
 *   POST /api/maps       → 201 { id }: a warrant-map file, or { title, text, author?, ... }
 *   GET  /api/maps/<id>  → the map as a warrant-map file
 *   GET  /api/debug/stats (only with WARRANT_DEBUG_STATS=1) → memory and room counts
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { docToFile } from '$lib/model/mapfile';
import { isMapId } from '$lib/model/schema';
import type { CauseLogger } from '../log';
import { MAX_BODY_BYTES } from '../limits';
import { checkNewMapBody, storeNewMap } from '../maps/create';
import type { RoomRegistry } from '../rooms/registry';
import type { Storage } from '../storage/storage';
import { readJsonBody } from './body';
import { HttpError, sendJson } from './respond';

export type Middleware = (
	req: IncomingMessage,
	res: ServerResponse,
	next: (err?: unknown) => void
) => void;

export interface ApiContext {
	storage: Storage;
	registry: RoomRegistry;
	problems: CauseLogger;
	debugStats: boolean;
}

const API_PREFIX = '/api';

export const ownsHttpPath = (path: string): boolean =>
	path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);

function allow(req: IncomingMessage, methods: string[]): void {
	if (!methods.includes(req.method ?? ''))
		throw new HttpError(405, `${req.method} is not allowed here; use ${methods.join(' or ')}`, {
			allow: methods.join(', ')
		});
}

async function listMaps(ctx: ApiContext, res: ServerResponse): Promise<void> {
	const maps = await ctx.storage.listMaps();
	sendJson(
		res,
		200,
		maps.map((m) => ({
			id: m.id,
			title: m.title,
			source: { title: m.sourceTitle, author: m.sourceAuthor },
			nodeCount: m.nodeCount,
			edgeCount: m.edgeCount,
			updatedAt: m.updatedAt
		}))
	);
}

async function createMap(
	ctx: ApiContext,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	const body = await readJsonBody(req, MAX_BODY_BYTES);
	const checked = checkNewMapBody(body);
	if (!checked.ok) throw new HttpError(400, checked.error);
	const stored = await storeNewMap(ctx.storage, checked.value);
	checked.value.doc.destroy();
	if (!stored.ok) throw new HttpError(stored.status, stored.error);
	sendJson(res, 201, { id: stored.id }, { location: `${API_PREFIX}/maps/${stored.id}` });
}

async function getMap(ctx: ApiContext, id: string, res: ServerResponse): Promise<void> {
	const file = await ctx.registry.withDoc(id, (doc) => {
		try {
			return { ok: true as const, file: docToFile(doc, id) };
		} catch (err) {
			return { ok: false as const, error: (err as Error).message };
		}
	});
	if (file === null) throw new HttpError(404, `no map ${id}`);
	if (!file.ok) throw new HttpError(422, `map ${id} cannot be exported: ${file.error}`);
	sendJson(res, 200, file.file);
}

function debugStats(ctx: ApiContext, url: URL, res: ServerResponse): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (url.searchParams.get('gc') === '1' && gc) gc();
	const memory = process.memoryUsage();
	sendJson(res, 200, {
		...ctx.registry.stats(),
		rss: memory.rss,
		heapUsed: memory.heapUsed,
		external: memory.external,
		arrayBuffers: memory.arrayBuffers,
		gc: Boolean(gc)
	});
}

async function route(
	ctx: ApiContext,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL
): Promise<void> {
	const path = url.pathname.replace(/\/+$/, '') || '/';
	if (path === `${API_PREFIX}/maps`) {
		allow(req, ['GET', 'POST']);
		return req.method === 'GET' ? listMaps(ctx, res) : createMap(ctx, req, res);
	}
	if (path.startsWith(`${API_PREFIX}/maps/`)) {
		let id: string;
		try {
			id = decodeURIComponent(path.slice(`${API_PREFIX}/maps/`.length));
		} catch {
			throw new HttpError(400, 'malformed map id');
		}
		if (!isMapId(id))
			throw new HttpError(400, `invalid map id ${JSON.stringify(id)} (a-z, 0-9, -; at most 64)`);
		allow(req, ['GET']);
		return getMap(ctx, id, res);
	}
	if (path === `${API_PREFIX}/debug/stats` && ctx.debugStats) {
		allow(req, ['GET']);
		return debugStats(ctx, url, res);
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
		route(ctx, req, res, url).catch((err) => {
			if (res.headersSent) {
				res.destroy();
				return;
			}
			if (err instanceof HttpError)
				return sendJson(res, err.status, { error: err.message }, err.headers);
			ctx.problems.report(
				'api-error',
				`${req.method} ${url.pathname}: ${String((err as Error)?.stack ?? err)}`
			);
			sendJson(res, 500, { error: 'internal error' });
		});
	};
}
