/**
 * The y-websocket wire protocol as typed messages. A frame holds exactly one message:
 *   varUint messageType, then
 *   sync (0):            varUint syncType (0 step1 | 1 step2 | 2 update), varUint8Array payload
 *   awareness (1):       varUint8Array awareness update
 *   auth (2):            server to client only: y-protocols' permission denied (0) is never
 *                        sent; Warrant's notices are subtype 1 (`$lib/api/notice`)
 *   query-awareness (3): nothing
 * (the stock client reads only the first message of a frame, so the server never batches).
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** The sync sub-types are y-protocols' own (`y-protocols/sync`); the outer types above are y-websocket's. */
export {
	messageYjsSyncStep1 as SYNC_STEP1,
	messageYjsSyncStep2 as SYNC_STEP2,
	messageYjsUpdate as SYNC_UPDATE
} from 'y-protocols/sync';

/** One client's entry in an awareness update; `state` null means the client left. */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

import type { InspectedUpdate } from './inspect-update';

/** Every message a client may send, fully decoded and checked. */
export type ClientMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array }
	| { kind: 'sync-step2'; update: Uint8Array; inspected: InspectedUpdate }
	| { kind: 'update'; update: Uint8Array; inspected: InspectedUpdate }
	| { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
	| { kind: 'query-awareness' };

export type ClientMessageKind = ClientMessage['kind'];

/** For exhaustive switches: a new message kind fails to compile until it is handled. */
export function assertNever(value: never): never {
	throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
