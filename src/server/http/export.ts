/**
 *   GET /api/maps/<id>/export?format=json|aif|argdown|md|annotations
 *   GET /api/maps/<id>/export?format=svg|png|pdf[&options]   (options: `image-query.ts`)
 *   …&version=<moment>   the map as it was at a moment of its history (`history.ts`): a named version
 *                        (v1), a step, a time or now; the file name says which (`-v1`, `-step-42`)
 * The map's committed document through `exportMap`, or drawn as a picture without a browser
 * (`render/image.ts`, in the worker pool), as a download named after its title. Links and IRIs
 * inside data exports point at `<origin>/map/<id>`, never with a token.
 */
import { DATA_FORMATS, isDataFormat, type DataFormat } from '$lib/formats';
import { OptionError } from '$lib/export/options';
import { SERVER_IMAGE_FORMATS, type ServerImageFormat } from '../render/image';
import { parseImageQuery } from './image-query';
import { requestOrigin } from '../access/links';
import { slugify } from '../maps/ids';
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { stateAtMoment, versionParam } from './history';
import { HttpError, runWork } from './respond';
import type { StateInput } from '../work/history-jobs';
import type { Moment } from '../history/moments';

/**
 * The state an export draws: the live map's committed document (read in the room's queue), or the
 * checkpoint and rows of a moment of its history (rebuilt in the worker with the export). Also the
 * file-name suffix of a moment: '' for the live map.
 */
async function exportState(
	ctx: ApiContext,
	id: string,
	moment: Moment | null
): Promise<{ state: StateInput; suffix: string }> {
	if (moment === null || moment.kind === 'now') {
		const state = await ctx.registry.encodedState(id);
		if (state === null) throw new HttpError(404, `no map ${id}`);
		return { state, suffix: '' };
	}
	const { seq, state } = await stateAtMoment(ctx, id, moment, 'version');
	return { state, suffix: moment.kind === 'version' ? `-${moment.id}` : `-step-${seq}` };
}

/** `name.ext` → `name<suffix>.ext`. */
const withSuffix = (filename: string, suffix: string) =>
	suffix ? filename.replace(/(\.[a-z0-9]+)?$/i, `${suffix}$1`) : filename;

const isImage = (f: string): f is ServerImageFormat =>
	(SERVER_IMAGE_FORMATS as readonly string[]).includes(f);

function formatParam(url: URL): DataFormat | ServerImageFormat {
	const values = url.searchParams.getAll('format');
	const allowed = [...DATA_FORMATS, ...SERVER_IMAGE_FORMATS].join(', ');
	if (values.length !== 1)
		throw new HttpError(400, `give exactly one format: ${allowed}`, {}, 'bad-format');
	if (!isDataFormat(values[0]) && !isImage(values[0]))
		throw new HttpError(
			400,
			`unknown format ${JSON.stringify(values[0].slice(0, 40))}: expected one of ${allowed}`,
			{},
			'bad-format'
		);
	return values[0];
}

/** A picture of the map: options checked before access and before any work, drawn in a worker. */
async function imageRoute(
	ctx: ApiContext,
	id: string,
	ar: ApiRequest,
	format: ServerImageFormat
): Promise<void> {
	let request;
	try {
		request = parseImageQuery(ar.url.searchParams, format);
	} catch (err) {
		if (err instanceof OptionError) throw new HttpError(400, err.message, {}, 'bad-option');
		throw err;
	}
	const moment = versionParam(ar.url);
	await requireAccess(ctx, id, ar, 'read');
	const { state, suffix } = await exportState(ctx, id, moment);
	const result = await runWork(() => ctx.work.run('image', { state, request }));
	if (!result.ok) throw new HttpError(422, `map ${id} cannot be drawn: ${result.error}`);
	const body = Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength);
	ar.res.writeHead(200, {
		'content-type': format === 'svg' ? `${result.mime}; charset=utf-8` : result.mime,
		'content-length': body.byteLength,
		'content-disposition': `attachment; filename="${withSuffix(result.filename, suffix)}"`,
		'x-warrant-export': encodeURIComponent(result.summary),
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	});
	ar.res.end(body);
}

export async function exportRoute(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const format = formatParam(ar.url);
	if (isImage(format)) return imageRoute(ctx, id, ar, format);
	const moment = versionParam(ar.url);
	for (const key of ar.url.searchParams.keys())
		if (!['format', 'version', 'token'].includes(key))
			throw new HttpError(
				400,
				`unknown parameter ${JSON.stringify(key.slice(0, 40))} for format ${format}: give format and version`,
				{},
				'bad-option'
			);
	await requireAccess(ctx, id, ar, 'read');
	const origin = requestOrigin(ar.req.headers);
	// The state is read here; the export itself (and a moment's rebuild) runs in a worker.
	const { state, suffix } = await exportState(ctx, id, moment);
	const result = await runWork(() =>
		ctx.work.run('export', { state, id, format, ...(origin ? { baseUrl: origin } : {}) })
	);
	if (!result.ok) throw new HttpError(422, `map ${id} cannot be exported: ${result.error}`);
	const { body, mime, ext } = result;
	const type = /charset=/i.test(mime) ? mime : `${mime}; charset=utf-8`;
	ar.res.writeHead(200, {
		'content-type': type,
		'content-length': Buffer.byteLength(body),
		'content-disposition': `attachment; filename="${slugify(result.title)}${suffix}.${ext}"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	});
	ar.res.end(body);
}
