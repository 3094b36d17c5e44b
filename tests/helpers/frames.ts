/**
 * y-websocket wire frames built by hand, for tests that send the server what a stock client would
 * not (hostile, forged, flooding): the encoding is written out here, independent of the server's own
 * encoder (src/server/protocol), so that a fault in that encoder cannot hide itself.
 */
import * as encoding from 'lib0/encoding';

/**
 * A sync message (0) of `syncType` (0 step 1, 1 step 2, 2 update) carrying `payload`; its stated
 * length is `lengthOverride` when given (a frame that lies about its length).
 */
export function syncFrame(
	syncType: number,
	payload: Uint8Array,
	lengthOverride?: number
): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, syncType);
	encoding.writeVarUint(e, lengthOverride ?? payload.length);
	encoding.writeUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

/** An awareness message (1) with one entry: client `clientId` at `clock` whose state is `json`. */
export function awarenessFrame(clientId: number, clock: number, json: string): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, clientId);
	encoding.writeVarUint(inner, clock);
	encoding.writeVarString(inner, json);
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}
