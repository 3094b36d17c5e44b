/**
 *   POST /api/extract → 200 { title, author, date, lang, text, paragraphs, warnings }
 *
 * The body is a file as it is, with its media type: application/pdf, text/html,
 * application/vnd.openxmlformats-officedocument.wordprocessingml.document or text/plain; an optional
 * `X-Filename` header (URL-encoded) names it in messages. Nothing is stored: the text is for review,
 * and a map is then made with `POST /api/maps { title, text, … }`. Errors name the file and the
 * problem: 413 too large, 415 a type not read here or bytes that are not of the declared type, 422
 * a file that cannot be read (encrypted, no text layer, a ZIP bomb, too slow), 503 too many at once.
 */
import { EXTRACT_TYPES, type ExtractKind } from '../extract/types';
import {
	ExtractBusy,
	ExtractError,
	MAX_EXTRACT_BYTES,
	extract,
	extractLimitsFromEnv,
	type ExtractLimits
} from '../extract/run';
import { charsetOf, mediaType, readBodyBytes } from './body';
import type { ApiContext, ApiRequest } from './context';
import { filenameHeader } from './create-map';
import { HttpError, sendJson } from './respond';

let limits: ExtractLimits | null = null;

const accepted = Object.keys(EXTRACT_TYPES).join(', ');

export async function extractRoute(_ctx: ApiContext, ar: ApiRequest): Promise<void> {
	const type = mediaType(ar.req);
	const name = filenameHeader(ar);
	const label = name ?? 'The file';
	const kind: ExtractKind | undefined = (EXTRACT_TYPES as Record<string, ExtractKind>)[type];
	if (!kind)
		throw new HttpError(
			415,
			`${label}: ${type ? `${type} files are` : 'a file without a content-type is'} not read here; send ${accepted}`
		);
	const charset = charsetOf(ar.req);
	if (kind === 'text' && charset !== null && charset !== 'utf-8' && charset !== 'utf8')
		throw new HttpError(415, `${label}: charset must be utf-8, got ${charset}`);
	const tooLarge = () =>
		new HttpError(
			413,
			`${label} is larger than ${MAX_EXTRACT_BYTES / (1024 * 1024)} MB, the most that is read`,
			{ connection: 'close' }
		);
	// A declared length over the limit is refused before a byte is read.
	if (Number(ar.req.headers['content-length']) > MAX_EXTRACT_BYTES) throw tooLarge();
	let bytes: Buffer;
	try {
		bytes = await readBodyBytes(ar.req, MAX_EXTRACT_BYTES);
	} catch (err) {
		if (err instanceof HttpError && err.status === 413) throw tooLarge();
		throw err;
	}
	limits ??= extractLimitsFromEnv(process.env);
	try {
		const extracted = await extract(new Uint8Array(bytes), kind, limits);
		sendJson(ar.res, 200, extracted);
	} catch (err) {
		if (err instanceof ExtractError) throw new HttpError(err.status, `${label}: ${err.message}`);
		if (err instanceof ExtractBusy) throw new HttpError(503, err.message, { 'retry-after': '30' });
		throw err;
	}
}
