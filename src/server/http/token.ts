/**
 * The token a request presents: `Authorization: Bearer <token>` or `?token=<token>`. Shape is checked
 * by `access/decide.ts`; here only what makes a request ambiguous or malformed is refused (400):
 * another auth scheme, a token given twice with different values, an absurdly long value.
 */
import type { IncomingMessage } from 'node:http';
import { isParticipantKey } from '../access/grants';
import { HttpError } from './respond';

const MAX_TOKEN_LENGTH = 256;

const bad = (message: string) => new HttpError(400, message, {}, 'bad-token');

export function presentedToken(req: IncomingMessage, url: URL): string | null {
	const fromQuery = url.searchParams.getAll('token');
	if (fromQuery.length > 1) throw bad('token given more than once');
	const header = req.headers.authorization;
	let fromHeader: string | null = null;
	if (header !== undefined) {
		const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
		if (!match) throw bad('Authorization must be "Bearer <token>"');
		fromHeader = match[1];
	}
	if (fromHeader !== null && fromQuery.length === 1 && fromQuery[0] !== fromHeader)
		throw bad('different tokens in the Authorization header and the query');
	const token = fromHeader ?? fromQuery[0] ?? null;
	if (token !== null && token.length > MAX_TOKEN_LENGTH) throw bad('token is too long');
	return token;
}

/**
 * The participant key a request presents in `X-Warrant-Participant` (the web app's per-browser key,
 * see access/grants.ts), or null. A value of another shape is refused (400 `bad-participant`).
 */
export function presentedParticipant(req: IncomingMessage): string | null {
	const value = req.headers['x-warrant-participant'];
	if (value === undefined) return null;
	if (typeof value !== 'string' || !isParticipantKey(value))
		throw new HttpError(
			400,
			'X-Warrant-Participant must be one key of 16-128 letters, digits, _ or -',
			{},
			'bad-participant'
		);
	return value;
}
