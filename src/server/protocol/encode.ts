/**
 * Frames the server sends; each returns the bytes of exactly one message. The sync messages are
 * written by y-protocols' own writers (`y-protocols/sync`) after the outer message type.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { AUTH_NOTICE, type ServerNotice } from '$lib/api/notice';
import {
	MESSAGE_AUTH,
	MESSAGE_AWARENESS,
	MESSAGE_SYNC,
	SYNC_STEP1,
	SYNC_STEP2,
	type AwarenessEntry
} from './messages';

function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** Our sync step 1: the document's state vector (the room's greeting). */
export const syncStep1Of = (doc: Y.Doc): Uint8Array =>
	syncFrame((e) => syncProtocol.writeSyncStep1(e, doc));
/** Our sync step 2: what `doc` has beyond the peer's state vector. */
export const syncStep2Of = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
	syncFrame((e) => syncProtocol.writeSyncStep2(e, doc, stateVector));
export const encodeUpdate = (update: Uint8Array): Uint8Array =>
	syncFrame((e) => syncProtocol.writeUpdate(e, update));

/** Step 1 and step 2 from bytes already made (tests, tools): y-protocols writes them only from a doc. */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array =>
	syncFrame((e) => {
		encoding.writeVarUint(e, SYNC_STEP1);
		encoding.writeVarUint8Array(e, stateVector);
	});
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array =>
	syncFrame((e) => {
		encoding.writeVarUint(e, SYNC_STEP2);
		encoding.writeVarUint8Array(e, update);
	});

export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessUpdate);
	return encoding.toUint8Array(encoder);
}

/** An awareness update (the payload of an awareness message) holding exactly `entries`. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encoding.toUint8Array(encoder);
}

/**
 * An awareness update with no entries (bytes 01 01 00): harmless to every client, and it resets the
 * stock client's 30-second "no message received" timer.
 */
export const KEEPALIVE_FRAME = Uint8Array.of(MESSAGE_AWARENESS, 1, 0);

/** A notice to one client (`$lib/api/notice`): an auth message of Warrant's subtype. */
export function encodeNotice(notice: ServerNotice): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AUTH);
	encoding.writeVarUint(encoder, AUTH_NOTICE);
	encoding.writeVarString(encoder, JSON.stringify(notice));
	return encoding.toUint8Array(encoder);
}
