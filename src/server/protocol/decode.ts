/**
 * Decodes one client frame into a `ClientMessage`, or says why it is refused. Everything is checked
 * here, before a message reaches a room: lengths (lib0 throws on reads past the end), no trailing
 * bytes, state vectors and awareness entries parsed fully, and updates read strictly within the
 * per-update budget (`inspect-update.ts`), so a truncated, garbled or too costly update is refused
 * before it can be applied.
 */
import * as decoding from 'lib0/decoding';
import { DEFAULT_TUNING, MAX_AWARENESS_ENTRIES, MAX_AWARENESS_STATE_BYTES } from '../limits';
import { inspectUpdate } from './inspect-update';
import { ProtocolError, type RefusalCode } from './errors';
import {
	MESSAGE_AUTH,
	MESSAGE_AWARENESS,
	MESSAGE_QUERY_AWARENESS,
	MESSAGE_SYNC,
	SYNC_STEP1,
	SYNC_STEP2,
	SYNC_UPDATE,
	type AwarenessEntry,
	type ClientMessage
} from './messages';

export type DecodeResult =
	{ ok: true; message: ClientMessage } | { ok: false; error: ProtocolError };

/**
 * Runs a lib0 read and turns its exception into a refusal. In the frame itself a read past the end
 * is `truncated`; inside a payload (state vector, awareness update) every failure is `payloadCode`,
 * since the frame's own lengths were right and it is the payload that is malformed.
 */
function read<T>(fn: () => T, payloadCode?: RefusalCode): T {
	try {
		return fn();
	} catch (err) {
		if (err instanceof ProtocolError) throw err;
		const message = (err as Error)?.message ?? String(err);
		throw new ProtocolError(payloadCode ?? 'truncated', message);
	}
}

function expectEnd(decoder: decoding.Decoder, what: string): void {
	if (decoding.hasContent(decoder))
		throw new ProtocolError('trailing-bytes', `${decoder.arr.length - decoder.pos} after ${what}`);
}

/** Copies out of the frame: frames may be views of a pooled buffer that `ws` reuses. */
const copy = (view: Uint8Array): Uint8Array => Uint8Array.prototype.slice.call(view);

function checkStateVector(bytes: Uint8Array): void {
	const decoder = decoding.createDecoder(bytes);
	read(() => {
		const count = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const client = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock))
				throw new ProtocolError('bad-state-vector', 'a client or clock is not an integer');
		}
		if (!Number.isSafeInteger(count))
			throw new ProtocolError('bad-state-vector', 'the count is not an integer');
	}, 'bad-state-vector');
	expectEnd(decoder, 'the state vector');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Awareness updates are parsed fully here, so y-protocols never sees a malformed one. */
export function parseAwarenessUpdate(bytes: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(bytes);
	const count = read(() => decoding.readVarUint(decoder), 'bad-awareness');
	if (count > MAX_AWARENESS_ENTRIES)
		throw new ProtocolError(
			'bad-awareness',
			`${count} entries; the limit is ${MAX_AWARENESS_ENTRIES}`
		);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = read(() => decoding.readVarUint(decoder), 'bad-awareness');
		const clock = read(() => decoding.readVarUint(decoder), 'bad-awareness');
		if (!Number.isSafeInteger(clientId) || !Number.isSafeInteger(clock))
			throw new ProtocolError('bad-awareness', `entry ${i}: client id or clock is not an integer`);
		// Measured in bytes as sent (a string's length counts UTF-16 units: 180 KB passed a 64 KiB limit).
		const raw = read(() => decoding.readVarUint8Array(decoder), 'bad-awareness');
		if (raw.length > MAX_AWARENESS_STATE_BYTES)
			throw new ProtocolError(
				'bad-awareness',
				`entry ${i}: state is larger than ${MAX_AWARENESS_STATE_BYTES} bytes`
			);
		const json = read(() => utf8.decode(raw), 'bad-awareness');
		let state: unknown;
		try {
			state = JSON.parse(json);
		} catch {
			throw new ProtocolError('bad-awareness', `entry ${i}: state is not JSON`);
		}
		if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
			throw new ProtocolError('bad-awareness', `entry ${i}: state must be an object or null`);
		entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
	}
	expectEnd(decoder, 'the awareness entries');
	return entries;
}

export interface DecodeLimits {
	/** Structs plus delete ranges one update may hold (`update-over-budget` above). */
	maxUpdateCost: number;
}

function decodeOrThrow(frame: Uint8Array, limits: DecodeLimits): ClientMessage {
	if (frame.length === 0) throw new ProtocolError('empty-frame');
	const decoder = decoding.createDecoder(frame);
	const type = read(() => decoding.readVarUint(decoder));
	switch (type) {
		case MESSAGE_SYNC: {
			const syncType = read(() => decoding.readVarUint(decoder));
			if (syncType !== SYNC_STEP1 && syncType !== SYNC_STEP2 && syncType !== SYNC_UPDATE)
				throw new ProtocolError('unknown-sync-type', String(syncType));
			const payload = copy(read(() => decoding.readVarUint8Array(decoder)));
			expectEnd(decoder, 'the sync message');
			if (syncType === SYNC_STEP1) {
				checkStateVector(payload);
				return { kind: 'sync-step1', stateVector: payload };
			}
			const inspected = inspectUpdate(payload, limits.maxUpdateCost);
			return syncType === SYNC_STEP2
				? { kind: 'sync-step2', update: payload, inspected }
				: { kind: 'update', update: payload, inspected };
		}
		case MESSAGE_AWARENESS: {
			const update = copy(read(() => decoding.readVarUint8Array(decoder)));
			expectEnd(decoder, 'the awareness message');
			return { kind: 'awareness', update, entries: parseAwarenessUpdate(update) };
		}
		case MESSAGE_QUERY_AWARENESS:
			expectEnd(decoder, 'the query-awareness message');
			return { kind: 'query-awareness' };
		case MESSAGE_AUTH:
			throw new ProtocolError('unsupported-message', 'auth messages go from server to client');
		default:
			throw new ProtocolError('unknown-message-type', String(type));
	}
}

export function decodeClientMessage(
	frame: Uint8Array,
	limits: DecodeLimits = { maxUpdateCost: DEFAULT_TUNING.maxUpdateCost }
): DecodeResult {
	try {
		return { ok: true, message: decodeOrThrow(frame, limits) };
	} catch (err) {
		if (err instanceof ProtocolError) return { ok: false, error: err };
		return { ok: false, error: new ProtocolError('internal-error', String(err)) };
	}
}
