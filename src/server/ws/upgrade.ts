/**
 * The websocket endpoint `/yjs/<mapId>[?token=…]`. The stock client connects to `<serverUrl>/<room>`
 * and appends its `params` as a query string: the path names the map, the `token` parameter
 * chooses the role on a protected map (see `access/decide.ts`). Refusals happen before the
 * handshake, as a plain HTTP response written to the socket whose body starts with a reason code:
 * 400 for a malformed path, id, token or participant parameter, 404 for an unknown map, 401
 * `token-required` and 403 `token-invalid` for a protected map, 503 `too-many-connections` when the
 * remote address or the map has its maximum of open connections, 503 while shutting down.
 *
 * An optional `participant` parameter (16-128 of A-Z a-z 0-9 _ -) is a key the client keeps for a
 * browser tab: the clientIDs and presence it announces stay bound to it (rooms/client-ids.ts).
 * An optional `author` parameter (1-64 of A-Z a-z 0-9 _ -) is the browser's public participant id,
 * recorded with every update the connection sends (history and the instructor's report).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isMapId, isParticipantId } from '$lib/model/schema';
import type { AccessControl, ShareChange } from '../access/control';
import { isParticipantKey } from '../access/grants';
import type { CauseLogger } from '../log';
import { MAX_FRAME_BYTES, type Tuning } from '../limits';
import { encodeNotice } from '../protocol/encode';
import type { RoomRegistry } from '../rooms/registry';
import { Connection } from './connection';
import { IncompleteMessages } from './incomplete';

export const WS_PREFIX = '/yjs';

export type UpgradeTarget =
	| {
			ok: true;
			mapId: string;
			token: string | null;
			participant: string | null;
			authorId: string | null;
	  }
	| { ok: false; status: 400 | 404; message: string };

/** Longer than any token: refused as malformed without being compared. */
const MAX_TOKEN_PARAM = 256;

export function ownsUpgradePath(url: string | undefined): boolean {
	const path = (url ?? '').split('?')[0];
	return path === WS_PREFIX || path.startsWith(`${WS_PREFIX}/`);
}

export function parseUpgradeTarget(url: string | undefined): UpgradeTarget {
	let parsed: URL;
	try {
		parsed = new URL(url ?? '', 'http://localhost');
	} catch {
		return { ok: false, status: 400, message: 'malformed URL' };
	}
	const rest = parsed.pathname.slice(WS_PREFIX.length + 1);
	if (!parsed.pathname.startsWith(`${WS_PREFIX}/`) || rest === '')
		return { ok: false, status: 404, message: `expected ${WS_PREFIX}/<map id>` };
	let mapId: string;
	try {
		mapId = decodeURIComponent(rest);
	} catch {
		return { ok: false, status: 400, message: 'malformed map id' };
	}
	if (!isMapId(mapId))
		return { ok: false, status: 400, message: `invalid map id (a-z, 0-9, -; at most 64)` };
	const tokens = parsed.searchParams.getAll('token');
	if (tokens.length > 1) return { ok: false, status: 400, message: 'bad-token: token given twice' };
	if (tokens.length === 1 && tokens[0].length > MAX_TOKEN_PARAM)
		return { ok: false, status: 400, message: 'bad-token: token is too long' };
	const participants = parsed.searchParams.getAll('participant');
	if (participants.length > 1 || (participants.length === 1 && !isParticipantKey(participants[0])))
		return {
			ok: false,
			status: 400,
			message: 'bad-participant: give at most one participant of 16-128 letters, digits, _ or -'
		};
	const authors = parsed.searchParams.getAll('author');
	if (authors.length > 1 || (authors.length === 1 && !isParticipantId(authors[0])))
		return {
			ok: false,
			status: 400,
			message: 'bad-author: give at most one author of 1-64 letters, digits, _ or -'
		};
	return {
		ok: true,
		mapId,
		token: tokens[0] ?? null,
		participant: participants[0] ?? null,
		authorId: authors[0] ?? null
	};
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

/** Answers an upgrade request with a plain HTTP error and closes the socket once it is written. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
	if (socket.destroyed) return;
	const body = `${message}\n`;
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
			'Connection: close\r\n' +
			'Content-Type: text/plain; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
	);
}

export interface SyncEndpoint {
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	readonly connections: ReadonlySet<Connection>;
	/** Refuses new upgrades from now on (shutdown). */
	stopAccepting(): void;
	close(): Promise<void>;
	/** Bytes announced for unfinished fragmented messages right now (debug stats). */
	readonly incompleteBytes: number;
}

export type EndpointLimits = Pick<
	Tuning,
	| 'maxUpdateCost'
	| 'maxConnectionsPerAddress'
	| 'maxConnectionsPerMap'
	| 'incompleteMessageMs'
	| 'maxIncompleteBytes'
>;

export function createSyncEndpoint(
	registry: RoomRegistry,
	access: AccessControl,
	problems: CauseLogger,
	limits: EndpointLimits
): SyncEndpoint {
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_FRAME_BYTES,
		perMessageDeflate: false
	});
	const connections = new Set<Connection>();
	const incomplete = new IncompleteMessages(limits);
	/** Open connections (and upgrades under way) per remote address and per map. */
	const perAddress = new Map<string, number>();
	const perMap = new Map<string, number>();
	const bump = (counts: Map<string, number>, key: string, by: number) => {
		const n = (counts.get(key) ?? 0) + by;
		if (n > 0) counts.set(key, n);
		else counts.delete(key);
	};
	let accepting = true;

	/**
	 * Closes the connections of `mapId` that its access rules no longer admit in their role. When the
	 * map has just become protected, those it still admits (their participant keys were granted
	 * editing, see access/grants.ts) are told so, with who did it, and carry on undisturbed.
	 */
	const recheck = (mapId: string, change: ShareChange | null) => {
		for (const conn of connections) {
			if (conn.mapId !== mapId || !conn.isOpen) continue;
			const now = access.decideNow(mapId, conn.token, conn.participant);
			if (now?.ok && now.role === conn.role) {
				if (change?.kind === 'protected')
					conn.send(encodeNotice({ notice: 'protected', by: change.by }));
				continue;
			}
			// After a rotation every page that loses access was let in by something now replaced (a link
			// or a grant): 4403, the one the pages word as "the links to this map were changed".
			const reason =
				change?.kind === 'rotated'
					? 'token-invalid'
					: now && !now.ok
						? now.reason
						: 'token-invalid';
			problems.report(
				`access-revoked`,
				`map ${mapId}: closed a ${conn.role} connection (${reason})`
			);
			conn.refuse(
				reason,
				change?.kind === 'rotated'
					? 'the links to this map were changed'
					: change
						? 'the map is now protected'
						: undefined
			);
		}
	};
	access.onChange((mapId, _share, change) => recheck(mapId, change));
	// The participant keys that protecting a map grants editing to: its open editor connections'.
	access.attachSessions(function* (mapId) {
		for (const conn of connections)
			if (conn.mapId === mapId && conn.isOpen && conn.role === 'editor' && conn.participant)
				yield conn.participant;
	});

	const handleUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		// A socket without an 'error' listener takes the process down on a reset.
		socket.on('error', (err) => problems.report('upgrade-socket-error', err.message));
		if (!accepting) return refuseUpgrade(socket, 503, 'server is shutting down');
		const target = parseUpgradeTarget(req.url);
		if (!target.ok) return refuseUpgrade(socket, target.status, target.message);
		const address = req.socket.remoteAddress ?? 'unknown';
		if ((perAddress.get(address) ?? 0) >= limits.maxConnectionsPerAddress) {
			problems.report(
				'too-many-connections',
				`address has ${limits.maxConnectionsPerAddress} open`
			);
			return refuseUpgrade(
				socket,
				503,
				`too-many-connections: at most ${limits.maxConnectionsPerAddress} per address`
			);
		}
		if ((perMap.get(target.mapId) ?? 0) >= limits.maxConnectionsPerMap) {
			problems.report(
				'too-many-connections',
				`map ${target.mapId} has ${limits.maxConnectionsPerMap} open`
			);
			return refuseUpgrade(
				socket,
				503,
				`too-many-connections: at most ${limits.maxConnectionsPerMap} per map`
			);
		}
		// Counted from here, so that upgrades still deciding count too; released when the socket ends.
		bump(perAddress, address, 1);
		bump(perMap, target.mapId, 1);
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			bump(perAddress, address, -1);
			bump(perMap, target.mapId, -1);
		};
		socket.once('close', release);
		let exists: boolean;
		try {
			exists = await registry.exists(target.mapId);
		} catch (err) {
			problems.report('upgrade-storage-error', String(err));
			return refuseUpgrade(socket, 500, 'storage error');
		}
		if (!exists) return refuseUpgrade(socket, 404, `no map ${target.mapId}`);
		let decided: Awaited<ReturnType<AccessControl['decide']>>;
		try {
			decided = await access.decide(target.mapId, target.token, target.participant);
		} catch (err) {
			problems.report('upgrade-storage-error', String(err));
			return refuseUpgrade(socket, 500, 'storage error');
		}
		if (!decided.ok) {
			problems.report(`upgrade-${decided.reason}`, `map ${target.mapId}: ${decided.message}`);
			const status = decided.reason === 'token-required' ? 401 : 403;
			return refuseUpgrade(socket, status, `${decided.reason}: ${decided.message}`);
		}
		if (!accepting) return refuseUpgrade(socket, 503, 'server is shutting down');
		const { role } = decided;
		wss.handleUpgrade(req, socket, head, (ws) => {
			const conn = Connection.attach(
				ws,
				{
					mapId: target.mapId,
					role,
					token: target.token,
					participant: target.participant,
					authorId: target.authorId
				},
				registry,
				problems,
				{ maxUpdateCost: limits.maxUpdateCost },
				(closed) => {
					connections.delete(closed);
					release();
				}
			);
			connections.add(conn);
			const watched = incomplete.attach(ws, (why) => {
				problems.report('incomplete-message', `map ${target.mapId}: ${why}`);
				conn.terminate();
			});
			if (!watched)
				problems.report('incomplete-unwatched', 'ws internals changed: fragments are not timed');
			// The links may have changed since `decide`: see the invariant in access/control.ts.
			recheck(target.mapId, null);
		});
	};

	return {
		handleUpgrade: (req, socket, head) => void handleUpgrade(req, socket, head),
		connections,
		get incompleteBytes() {
			return incomplete.bufferedBytes;
		},
		stopAccepting: () => {
			accepting = false;
		},
		close: () =>
			new Promise<void>((resolve) => {
				incomplete.close();
				for (const conn of connections) conn.refuse('shutting-down');
				wss.close(() => resolve());
			})
	};
}
