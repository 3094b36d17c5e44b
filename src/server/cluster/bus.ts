/**
 * How the server processes of one deployment tell each other what happened, so that every process
 * serves every map live (README, "Several processes"). PostgreSQL is the truth; the bus only makes
 * other processes hear of a change at once instead of at their next catch-up poll. It may drop
 * messages (Redis pub/sub does, when a connection breaks or Redis restarts): every receiver checks
 * the map's seq and reads what it missed from storage, so nothing depends on delivery.
 *
 * Messages (one channel per map, one for share records):
 * - update: a map's update, already committed under `seq` (the map's gapless seq in PostgreSQL);
 * - awareness: a batch of presence changes of a map's local connections (y-protocols encoding);
 * - share: a map's share record changed (protected, or its links rotated): read it again.
 * A process ignores its own messages.
 */

export interface MapSubscriber {
	/** A committed update of the map, published by another process. */
	update(seq: number, update: Uint8Array): void;
	/** Presence changes from another process's connections to the map. */
	awareness(update: Uint8Array): void;
}

export interface Bus {
	/** Fire and forget: a message that cannot be sent now is dropped (receivers catch up). */
	publishUpdate(mapId: string, seq: number, update: Uint8Array): void;
	publishAwareness(mapId: string, update: Uint8Array): void;
	/** `by`: the name the person who changed the links gave, if any (shown to the others). */
	publishShare(mapId: string, by: string | null): void;
	/** Hears the map's messages from other processes until the returned function is called. */
	subscribeMap(mapId: string, subscriber: MapSubscriber): () => void;
	/** Hears of share changes made by other processes. */
	onShareChange(listener: (mapId: string, by: string | null) => void): () => void;
	/**
	 * Called after the bus lost its connection and got it back: messages sent meanwhile are lost, so
	 * listeners catch up from storage.
	 */
	onReconnect(listener: () => void): () => void;
	close(): Promise<void>;
}

export const MESSAGE_UPDATE = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_SHARE = 2;

/** Bytes before the payload: kind (1), sender (8), seq (8, float64; 0 when none). */
const HEADER = 17;

export interface BusMessage {
	kind: typeof MESSAGE_UPDATE | typeof MESSAGE_AWARENESS | typeof MESSAGE_SHARE;
	sender: string;
	seq: number;
	payload: Uint8Array;
}

export function encodeBusMessage(
	kind: BusMessage['kind'],
	sender: Buffer,
	seq: number,
	payload: Uint8Array
): Buffer {
	const out = Buffer.allocUnsafe(HEADER + payload.byteLength);
	out[0] = kind;
	sender.copy(out, 1, 0, 8);
	out.writeDoubleBE(seq, 9);
	out.set(payload, HEADER);
	return out;
}

/** null for anything that is not a well-formed message of ours. */
export function decodeBusMessage(message: Buffer): BusMessage | null {
	if (message.length < HEADER) return null;
	const kind = message[0];
	if (kind !== MESSAGE_UPDATE && kind !== MESSAGE_AWARENESS && kind !== MESSAGE_SHARE) return null;
	const seq = message.readDoubleBE(9);
	if (!Number.isSafeInteger(seq) || seq < 0) return null;
	return {
		kind,
		sender: message.toString('hex', 1, 9),
		seq,
		payload: new Uint8Array(message.buffer, message.byteOffset + HEADER, message.length - HEADER)
	};
}
