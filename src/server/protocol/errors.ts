/**
 * Why the server refuses a connection, as a reason code, and the websocket close code each maps to.
 * Codes 4400-4499 tell the stock y-websocket client not to reconnect: a client that sent a malformed
 * or unappliable update would send the same bytes again after reconnecting.
 */
export const REFUSALS = {
	'text-frame': { close: 1003, what: 'text frames are not part of the protocol' },
	'frame-too-large': { close: 1009, what: 'frame is larger than the limit' },
	'empty-frame': { close: 4400, what: 'empty frame' },
	truncated: { close: 4400, what: 'message ends early' },
	'trailing-bytes': { close: 4400, what: 'bytes after the end of the message' },
	'unknown-message-type': { close: 4400, what: 'unknown message type' },
	'unknown-sync-type': { close: 4400, what: 'unknown sync message type' },
	'unsupported-message': { close: 4400, what: 'message type a client may not send' },
	'bad-state-vector': { close: 4400, what: 'state vector does not decode' },
	'bad-update': { close: 4400, what: 'update does not decode' },
	'update-failed': { close: 4400, what: 'update could not be applied' },
	'update-over-budget': { close: 4413, what: 'update is more work than one update may be' },
	// Not 44xx: an honest stock client sends its live edits while it reconnects, before its sync
	// reply carries the offline changes they build on. Refused, it reconnects, and its next sync
	// reply sends everything the server lacks; a 44xx code would stop it for good.
	'update-incomplete': {
		close: 4001,
		what: 'update depends on changes the server does not have'
	},
	'delete-beyond-state': { close: 4001, what: 'update deletes changes that do not exist' },
	// Not 44xx: the stock client reconnects, and is accepted once the other connection is gone
	// (an honest client whose old connection the server has not yet seen close).
	'client-id-taken': { close: 4000, what: 'another participant writes under this client id' },
	'map-too-large': { close: 4413, what: 'the map would pass its size limit' },
	'invalid-change': { close: 4400, what: 'the change breaks the document contract' },
	'bad-awareness': { close: 4400, what: 'malformed awareness update' },
	'slow-consumer': { close: 1013, what: 'connection does not read fast enough' },
	'incomplete-message': { close: 1008, what: 'a fragmented message was not finished in time' },
	'map-not-found': { close: 4404, what: 'map does not exist' },
	// Sent when a map becomes protected or its links are replaced while a connection is open.
	'token-required': { close: 4401, what: 'this map is protected: a token is required' },
	'token-invalid': { close: 4403, what: 'the token does not open this map' },
	'storage-failed': { close: 1011, what: 'the server could not store the change' },
	'internal-error': { close: 1011, what: 'internal error' },
	'shutting-down': { close: 1001, what: 'server is shutting down' }
} as const satisfies Record<string, { close: number; what: string }>;

export type RefusalCode = keyof typeof REFUSALS;

export class ProtocolError extends Error {
	constructor(
		readonly code: RefusalCode,
		detail?: string
	) {
		super(detail ? `${REFUSALS[code].what}: ${detail}` : REFUSALS[code].what);
		this.name = 'ProtocolError';
	}

	get closeCode(): number {
		return REFUSALS[this.code].close;
	}
}

/**
 * The close reason sent to the client: the reason code first, so clients and tests can match it.
 * A close reason is at most 123 bytes of UTF-8.
 */
export function closeReason(code: RefusalCode, detail?: string): string {
	const text = detail ? `${code}: ${detail}` : code;
	const buf = Buffer.from(text, 'utf8');
	return buf.length <= 123
		? text
		: buf
				.subarray(0, 120)
				.toString('utf8')
				.replace(/\uFFFD$/, '') + '...';
}
