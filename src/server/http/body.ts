/**
 * Request bodies: bytes up to a limit (413, decided from Content-Length when given, else while
 * reading), strict UTF-8 text (400), and JSON (`application/json` only, 415 otherwise).
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond';

/** The media type of a request, lower case, without parameters ('' when absent). */
export const mediaType = (req: IncomingMessage): string =>
	(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/** The charset parameter of the content type, lower case, or null. */
export function charsetOf(req: IncomingMessage): string | null {
	const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '');
	return match ? match[1].toLowerCase() : null;
}

/** True when the request announces no body (a bare POST from fetch sends Content-Length: 0). */
export function hasNoBody(req: IncomingMessage): boolean {
	return (
		req.headers['content-length'] === '0' ||
		(req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)
	);
}

/**
 * A body over the limit is still read to its end (and thrown away) when it is at most this many
 * times the limit: a client that is still sending when the 413 goes out and the socket closes gets
 * EPIPE instead of the answer. Anything larger is cut off at once.
 */
const DRAIN_FACTOR = 4;

export async function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limit * DRAIN_FACTOR) throw tooLarge(limit);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit * DRAIN_FACTOR) throw tooLarge(limit);
		if (size <= limit) chunks.push(chunk);
	}
	if (size > limit) throw tooLarge(limit, false);
	return Buffer.concat(chunks);
}

/** Decodes strict UTF-8 and drops a leading byte-order mark. */
export function utf8Text(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		throw new HttpError(400, 'body is not valid UTF-8');
	}
}

export function parseJson(text: string): unknown {
	if (!text.trim()) throw new HttpError(400, 'body is empty');
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new HttpError(400, `body is not valid JSON: ${(err as Error).message}`);
	}
}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
	const type = mediaType(req);
	if (type !== 'application/json')
		throw new HttpError(415, `content-type must be application/json, got ${type || 'nothing'}`);
	return parseJson(utf8Text(await readBodyBytes(req, limit)));
}

/** `Connection: close` when the rest of the body was not read. */
const tooLarge = (limit: number, unread = true) =>
	new HttpError(413, `body is larger than ${limit} bytes`, unread ? { connection: 'close' } : {});
