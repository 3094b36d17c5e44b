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
	sendJsonText(res, status, JSON.stringify(value), headers);
}

/** Like `sendJson`, for a body that is JSON text already. */
export function sendJsonText(
	res: ServerResponse,
	status: number,
	body: string,
	headers: Record<string, string> = {}
): void {
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

/**
 * Runs work on the worker pool, turning its refusals into answers: 503 when the pool's queue is
 * full (`work-busy`), 500 when the work failed or ran past its deadline (`work-failed`).
 */
export async function runWork<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (err) {
		const name = (err as Error)?.name;
		if (name === 'PoolBusy')
			throw new HttpError(503, (err as Error).message, { 'retry-after': '5' }, 'work-busy');
		if (name === 'PoolFailure')
			throw new HttpError(500, `the work failed: ${(err as Error).message}`, {}, 'work-failed');
		throw err;
	}
}
