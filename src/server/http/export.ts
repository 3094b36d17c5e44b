/**
 *   GET /api/maps/<id>/export?format=json|aif|argdown|md|annotations
 * The map's committed document through `exportMap`, as a download named after its title. Links and
 * IRIs inside exports point at `<origin>/map/<id>`, never with a token.
 */
import * as Y from 'yjs';
import { DATA_FORMATS, isDataFormat, type DataFormat } from '$lib/formats';
import { requestOrigin } from '../access/links';
import { slugify } from '../maps/ids';
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { HttpError, runWork } from './respond';

function formatParam(url: URL): DataFormat {
	const values = url.searchParams.getAll('format');
	const allowed = DATA_FORMATS.join(', ');
	if (values.length !== 1)
		throw new HttpError(400, `give exactly one format: ${allowed}`, {}, 'bad-format');
	if (!isDataFormat(values[0]))
		throw new HttpError(
			400,
			`unknown format ${JSON.stringify(values[0].slice(0, 40))}: expected one of ${allowed}`,
			{},
			'bad-format'
		);
	return values[0];
}

export async function exportRoute(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const format = formatParam(ar.url);
	await requireAccess(ctx, id, ar, 'read');
	const origin = requestOrigin(ar.req.headers);
	// The committed state is read in the room's queue; the export itself runs in a worker.
	const state = await ctx.registry.withDoc(id, (doc) => Y.encodeStateAsUpdate(doc));
	if (state === null) throw new HttpError(404, `no map ${id}`);
	const result = await runWork(() =>
		ctx.work.run('export', { state, id, format, ...(origin ? { baseUrl: origin } : {}) })
	);
	if (!result.ok) throw new HttpError(422, `map ${id} cannot be exported: ${result.error}`);
	const { body, mime, ext } = result;
	const type = /charset=/i.test(mime) ? mime : `${mime}; charset=utf-8`;
	ar.res.writeHead(200, {
		'content-type': type,
		'content-length': Buffer.byteLength(body),
		'content-disposition': `attachment; filename="${slugify(result.title)}.${ext}"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	});
	ar.res.end(body);
}
