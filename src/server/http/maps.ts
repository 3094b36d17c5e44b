/**
 *   GET /api/maps      → [{ id, title, source: { title, author }, nodeCount, edgeCount, updatedAt, protected }]
 *   GET /api/maps/<id> → the map as a warrant-map file (a token of either role for a protected map)
 * Protected maps stay in the listing: their titles are not secret, their contents are.
 */
import type { MapListEntry } from '$lib/api/wire';
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { HttpError, runWork, sendJson, sendJsonText } from './respond';

export async function listMaps(ctx: ApiContext, { res }: ApiRequest): Promise<void> {
	const [maps, protectedIds] = await Promise.all([
		ctx.storage.listMaps(),
		ctx.access.protectedMapIds()
	]);
	sendJson(
		res,
		200,
		maps.map((m): MapListEntry => ({
			id: m.id,
			title: m.title,
			source: { title: m.sourceTitle, author: m.sourceAuthor },
			nodeCount: m.nodeCount,
			edgeCount: m.edgeCount,
			updatedAt: m.updatedAt,
			protected: protectedIds.has(m.id)
		}))
	);
}

export async function getMap(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'read');
	// The committed state is read in the room's queue; the projection runs in a worker.
	const state = await ctx.registry.encodedState(id);
	if (state === null) throw new HttpError(404, `no map ${id}`);
	const file = await runWork(() => ctx.work.run('file', { state, id }));
	if (!file.ok) throw new HttpError(422, `map ${id} cannot be exported: ${file.error}`);
	sendJsonText(ar.res, 200, file.json);
}
