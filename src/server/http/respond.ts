/**
 * JSON responses. Every API answer, errors included, is JSON; errors are `{ error: "..." }`, plus a
 * `reason` code where a client must tell causes apart (access refusals).
 */
import type { ServerResponse } from 'node:http';

export function sendJson(
	res: ServerResponse,
	status: number,
	value: unknown,
	headers: Record<string, string> = {}
): void {
	const body = JSON.stringify(value);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(body),
		'cache-control': 'no-store',
		...headers
	});
	res.end(body);
}

/** An error the API answers with `status` and `{ error: message, reason? }`. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
		readonly reason?: string
	) {
		super(message);
		this.name = 'HttpError';
	}

	get body(): { error: string; reason?: string } {
		return this.reason ? { error: this.message, reason: this.reason } : { error: this.message };
	}
}
