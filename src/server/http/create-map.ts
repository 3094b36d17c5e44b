/**
 *   POST /api/maps → 201 { id } for a new text, 201 { id, report } for an imported file
 *
 * The body is either a new text as JSON `{ title, text, author?, publication?, date?, lang? }`, or a
 * map file in any importable format, sent as the raw file:
 *   - `application/json`: a warrant-map file or AIF / xAIF (told apart by `importMap`);
 *   - `text/x-argdown`, or `text/plain` / `application/octet-stream` with `?format=argdown` or an
 *     `X-Filename: <name>.argdown` header (URL-encoded; it names the map when it has no title).
 * Everything is decoded and validated before anything is stored, and one transaction stores the
 * whole map, so a refused body creates nothing. At most MAX_IMPORT_BYTES (413 beyond).
 */
import { IMPORT_FORMATS, MAX_IMPORT_BYTES, type ImportFormat, type ImportHint } from '$lib/formats';
import { getEdgesMap, getNodesMap } from '$lib/model/doc';
import { checkNewMapBody, storeNewMap, storeNewMapState, type CreateResult } from '../maps/create';
import { API_PREFIX, type ApiContext, type ApiRequest } from './context';
import { charsetOf, mediaType, parseJson, readBodyBytes, utf8Text } from './body';
import { HttpError, runWork, sendJson } from './respond';

const isJsonType = (type: string) =>
	type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
/** Exactly the types a map file may come as; anything else (text/html, …) is 415, not a 400 later. */
const isAcceptedType = (type: string) =>
	isJsonType(type) ||
	type === 'text/x-argdown' ||
	type === 'text/plain' ||
	type === 'application/octet-stream';

/** Keys that make a JSON object a map file (warrant-map or AIF) rather than a new text. */
const FILE_KEYS = ['format', 'nodes', 'edges', 'AIF'];

function formatParam(url: URL): ImportFormat | null {
	const values = url.searchParams.getAll('format');
	if (values.length === 0) return null;
	const value = values[0];
	if (values.length > 1 || !(IMPORT_FORMATS as readonly string[]).includes(value))
		throw new HttpError(400, `format must be one of ${IMPORT_FORMATS.join(', ')}`);
	return value as ImportFormat;
}

/** The `X-Filename` header (URL-encoded), checked; undefined when absent. */
export function filenameHeader(ar: ApiRequest): string | undefined {
	const raw = ar.req.headers['x-filename'];
	if (raw === undefined) return undefined;
	if (Array.isArray(raw)) throw new HttpError(400, 'X-Filename given more than once');
	let name: string;
	try {
		name = decodeURIComponent(raw);
	} catch {
		throw new HttpError(400, 'X-Filename must be URL-encoded UTF-8');
	}
	// eslint-disable-next-line no-control-regex
	if (name.length === 0 || name.length > 255 || /[\u0000-\u001f\u007f/\\]/.test(name))
		throw new HttpError(400, 'X-Filename must be a plain file name of 1 to 255 characters');
	return name;
}

type Creation = { kind: 'text'; body: unknown } | { kind: 'file'; text: string; hint: ImportHint };

async function readCreation(ar: ApiRequest): Promise<Creation & { format: ImportFormat | null }> {
	const type = mediaType(ar.req);
	if (!isAcceptedType(type))
		throw new HttpError(
			415,
			`content-type must be application/json (a new text or a map file), text/x-argdown, text/plain or application/octet-stream; got ${type || 'nothing'}`
		);
	const charset = charsetOf(ar.req);
	if (charset !== null && charset !== 'utf-8' && charset !== 'utf8')
		throw new HttpError(415, `charset must be utf-8, got ${charset}`);
	const format = formatParam(ar.url);
	const filename = filenameHeader(ar);
	const text = utf8Text(await readBodyBytes(ar.req, MAX_IMPORT_BYTES));
	if (!text.trim()) throw new HttpError(400, 'body is empty');
	const hint: ImportHint = {
		...(filename ? { filename } : {}),
		// `importMap` reads Argdown only when told: the parameter says so through the content type.
		contentType: format === 'argdown' ? 'text/x-argdown' : type
	};
	if (isJsonType(type) && format !== 'argdown') {
		const value = parseJson(text);
		if (typeof value !== 'object' || value === null || Array.isArray(value))
			throw new HttpError(
				400,
				'body must be a JSON object: { title, text, … }, a warrant-map file or an AIF nodeset'
			);
		if (!FILE_KEYS.some((key) => key in value)) return { kind: 'text', body: value, format };
	}
	return { kind: 'file', text, hint, format };
}

function checkSize(ctx: ApiContext, nodes: number, edges: number): void {
	if (nodes > ctx.maxNodes || edges > ctx.maxEdges)
		throw new HttpError(
			413,
			`the map has ${nodes} nodes and ${edges} edges; a map may hold at most ${ctx.maxNodes} nodes and ${ctx.maxEdges} edges`,
			{},
			'map-too-large'
		);
}

export async function createMap(ctx: ApiContext, ar: ApiRequest): Promise<void> {
	const creation = await readCreation(ar);
	let stored: CreateResult;
	let report: unknown;
	if (creation.kind === 'text') {
		const checked = checkNewMapBody(creation.body);
		if (!checked.ok) throw new HttpError(400, checked.error);
		const map = checked.value;
		try {
			checkSize(ctx, getNodesMap(map.doc).size, getEdgesMap(map.doc).size);
			stored = await storeNewMap(ctx.storage, map);
		} finally {
			map.doc.destroy();
		}
	} else {
		// Parsing, validating and building a large file is the heavy part: a worker does it.
		const imported = await runWork(() =>
			ctx.work.run('import', { text: creation.text, hint: creation.hint })
		);
		if (!imported.ok) throw new HttpError(400, imported.error);
		if (creation.format && imported.format !== creation.format)
			throw new HttpError(
				400,
				`format=${creation.format}, but the file is ${imported.format === 'json' ? 'a warrant-map file' : imported.format.toUpperCase()}`
			);
		checkSize(ctx, imported.nodes, imported.edges);
		const { file } = imported;
		stored = await storeNewMapState(
			ctx.storage,
			{
				title: file.title,
				source: { title: file.sourceTitle, author: file.sourceAuthor },
				createdAt: file.createdAt,
				...(file.id ? { requestedId: file.id } : {})
			},
			imported.state,
			{
				updatedAt: new Date().toISOString(),
				nodeCount: imported.nodes,
				edgeCount: imported.edges
			}
		);
		report = imported.report;
	}
	if (!stored.ok) throw new HttpError(stored.status, stored.error);
	sendJson(ar.res, 201, report === undefined ? { id: stored.id } : { id: stored.id, report }, {
		location: `${API_PREFIX}/maps/${stored.id}`
	});
}
