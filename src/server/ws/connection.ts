/**
 * One websocket connection to one map: turns frames into decoded messages for its room, and
 * implements `Peer` (send one message per frame, refuse with a close code). Every failure here
 * closes this connection only.
 *
 * Viewer connections: document changes (sync step 2 and update messages) are dropped here, after
 * the frame was fully decoded (lib0 varints, so a padded encoding such as `80 00` for type 0 is
 * still read as type 0), and never reach the room. The connection stays open: a stock client in
 * a viewer tab answers the server's step 1 with its step 2 on every connect.
 */
import { WebSocket, type RawData } from 'ws';
import type { CauseLogger } from '../log';
import { activity } from '../stalls';
import { MAX_BUFFERED_BYTES } from '../limits';
import { REFUSALS, closeReason, type RefusalCode } from '../protocol/errors';
import { decodeClientMessage, type DecodeLimits } from '../protocol/decode';
import type { Role } from '$lib/api/wire';
import { canEdit, type Peer } from '../rooms/peer';
import type { RoomRegistry } from '../rooms/registry';
import type { Room } from '../rooms/room';

/** Frames arrive as one Buffer (binaryType 'nodebuffer'); copes with the other shapes anyway. */
function frameBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data);
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return data;
}

export interface ConnectionAccess {
	mapId: string;
	role: Role;
	token: string | null;
	/** The `participant` query parameter (see `rooms/client-ids.ts`). */
	participant: string | null;
	/** The `author` query parameter (see `rooms/peer.ts`). */
	authorId: string | null;
}

export class Connection implements Peer {
	readonly clientIds = new Set<number>();
	/** Set by a pong; the heartbeat terminates a socket that did not answer the previous ping. */
	alive = true;
	lastSentAt = Date.now();
	private open = true;

	readonly mapId: string;
	readonly role: Role;
	/** The token it was admitted with, kept to re-check it when the map's links change. */
	readonly token: string | null;
	readonly participant: string | null;
	readonly authorId: string | null;

	constructor(
		private readonly ws: WebSocket,
		admitted: ConnectionAccess
	) {
		this.mapId = admitted.mapId;
		this.role = admitted.role;
		this.token = admitted.token;
		this.participant = admitted.participant;
		this.authorId = admitted.authorId;
	}

	get isOpen(): boolean {
		return this.open && this.ws.readyState === WebSocket.OPEN;
	}

	send(frame: Uint8Array): void {
		if (!this.isOpen) return;
		if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
			this.refuse('slow-consumer', `${this.ws.bufferedAmount} bytes unsent`);
			return;
		}
		this.ws.send(frame);
		this.lastSentAt = Date.now();
	}

	refuse(code: RefusalCode, detail?: string): void {
		if (!this.open) return;
		this.open = false;
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
			this.ws.close(REFUSALS[code].close, closeReason(code, detail));
	}

	/** Drops the socket without a closing handshake (dead peer). */
	terminate(): void {
		this.open = false;
		this.ws.terminate();
	}

	ping(): void {
		this.alive = false;
		this.ws.ping();
	}

	/**
	 * Wires the socket to its room. Frames are decoded as they arrive (a bad one refuses the
	 * connection at once) and queued on the room, which may still be loading: they are handled in
	 * arrival order once it is ready.
	 */
	static attach(
		ws: WebSocket,
		admitted: ConnectionAccess,
		registry: RoomRegistry,
		problems: CauseLogger,
		limits: DecodeLimits,
		onClose: (conn: Connection) => void
	): Connection {
		const { mapId } = admitted;
		const conn = new Connection(ws, admitted);
		const room: Promise<Room | null> = registry.join(mapId, conn).catch((err) => {
			const code: RefusalCode = (err as { code?: RefusalCode })?.code ?? 'internal-error';
			problems.report(code, `map ${mapId}: could not open the room: ${String(err)}`);
			conn.refuse(code in REFUSALS ? code : 'internal-error', String(err));
			return null;
		});
		ws.on('error', (err: Error & { code?: string }) => {
			// ws reports protocol violations here (frame over maxPayload, bad opcode...) and then closes
			// the socket itself (1009, 1002...). Logged per ws error code.
			const cause =
				err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
					? 'frame-too-large'
					: `socket-${err.code ?? 'error'}`;
			problems.report(cause, `map ${mapId}: ${err.message}`);
			conn.open = false;
		});
		ws.on('pong', () => (conn.alive = true));
		ws.on('message', (data, isBinary) => {
			if (!conn.open) return;
			if (!isBinary) {
				problems.report('text-frame', `map ${mapId}: refused a text frame`);
				conn.refuse('text-frame');
				return;
			}
			const bytes = frameBytes(data);
			activity(() => `a ${bytes.length}-byte frame (type ${bytes[0]}.${bytes[1]}) to ${mapId}`);
			const decoded = decodeClientMessage(bytes, limits);
			if (!decoded.ok) {
				problems.report(decoded.error.code, `map ${mapId}: ${decoded.error.message}`);
				conn.refuse(decoded.error.code, decoded.error.message);
				return;
			}
			const message = decoded.message;
			if ((message.kind === 'sync-step2' || message.kind === 'update') && !canEdit(conn.role)) {
				// The empty update (no structs, no deletions) is what a stock viewer answers our step 1 with.
				if (!message.inspected.empty)
					problems.report(
						'viewer-write-dropped',
						`map ${mapId}: dropped a ${message.kind} from a viewer`
					);
				return;
			}
			void room.then((r) => r?.receive(conn, message));
		});
		ws.on('close', () => {
			conn.open = false;
			void room.then((r) => r?.leave(conn));
			onClose(conn);
		});
		return conn;
	}
}
