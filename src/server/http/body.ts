/**
 * Reads a JSON request body: `application/json` only (415), at most `limit` bytes (413, decided
 * from Content-Length when given, else while reading), valid UTF-8 JSON (400 naming the problem).
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond';

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
	const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json')
		throw new HttpError(415, `content-type must be application/json, got ${type || 'nothing'}`);
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw tooLarge(limit);
		chunks.push(chunk);
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
	} catch {
		throw new HttpError(400, 'body is not valid UTF-8');
	}
	if (!text.trim()) throw new HttpError(400, 'body is empty');
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new HttpError(400, `body is not valid JSON: ${(err as Error).message}`);
	}
}

/** `Connection: close`: the rest of an oversized body is not read. */
const tooLarge = (limit: number) =>
	new HttpError(413, `body is larger than ${limit} bytes`, { connection: 'close' });
