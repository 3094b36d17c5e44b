/**
 * Notices the server sends down a map's websocket, for the server that writes them and the browser
 * that reads them. They travel as a y-protocols auth message (type 2) with subtype 1, followed by
 * a JSON string: the stock y-websocket client reads only subtype 0 (permission denied) and ignores
 * every other subtype silently, so a stock client keeps working; the web app reads them
 * (sync/session.ts). Pure: no imports, no I/O.
 */

/** y-protocols' message type of auth messages. */
export const MESSAGE_AUTH = 2;
/** Warrant's subtype of an auth message: a notice (0 is y-protocols' permission denied). */
export const AUTH_NOTICE = 1;

/** The map became protected while this connection was open, and this connection may go on. */
export interface ProtectedNotice {
	notice: 'protected';
	/** The name the person who protected it gave, or null. */
	by: string | null;
}

export type ServerNotice = ProtectedNotice;

/** The longest name a notice carries (`by`), in UTF-16 code units. */
export const MAX_NOTICE_NAME = 80;

/** A notice from its JSON text, or null when it is not one this version knows. */
export function parseNotice(text: string): ServerNotice | null {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const v = value as Record<string, unknown>;
	if (v.notice !== 'protected') return null;
	const by = typeof v.by === 'string' && v.by.length <= MAX_NOTICE_NAME ? v.by : null;
	return { notice: 'protected', by };
}
