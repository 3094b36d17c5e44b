/**
 * What a room needs from a connection. Rooms never see sockets: the websocket layer implements
 * `Peer`, and tests can drive a room with any object that records what it is sent.
 */
import type { Role } from '$lib/api/wire';
import type { RefusalCode } from '../protocol/errors';

/** A viewer receives the map and awareness but its document changes are dropped. */
export const canEdit = (role: Role): boolean => role === 'editor';

export interface Peer {
	readonly role: Role;
	/**
	 * The participant key the connection presented (`participant` query parameter), or null: the
	 * clientIDs it writes under stay bound to it (see `client-ids.ts`).
	 */
	readonly participant: string | null;
	/**
	 * The author id the connection announced (`author` query parameter: the browser's public
	 * participant id, the `authorId` of the records it writes), or null. Recorded with every update
	 * it sends; claimed by the browser like its display name, not proven.
	 */
	readonly authorId: string | null;
	/** Awareness client ids this connection has announced; removed for everyone when it closes. */
	readonly clientIds: Set<number>;
	/** False once closed or refused: nothing more from this peer is applied. */
	readonly isOpen: boolean;
	/** Sends one message (one frame). */
	send(frame: Uint8Array): void;
	/** Closes this connection only, with the close code of `code`. */
	refuse(code: RefusalCode, detail?: string): void;
}
