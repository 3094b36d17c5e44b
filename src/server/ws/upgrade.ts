/**
 * The websocket endpoint `/yjs/<mapId>[?query]`. The stock client connects to `<serverUrl>/<room>`
 * and appends its `params` as a query string, so the path names the map and the query is kept for
 * later use (a `token` will choose the role). Refusals happen before the handshake, as a plain
 * HTTP response written to the socket: 400 for a malformed path or id, 404 for an unknown map,
 * 503 while shutting down.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isMapId } from '$lib/model/schema';
import type { CauseLogger } from '../log';
import { MAX_FRAME_BYTES } from '../limits';
import type { Role } from '../rooms/peer';
import type { RoomRegistry } from '../rooms/registry';
import { Connection } from './connection';

export const WS_PREFIX = '/yjs';

export type UpgradeTarget =
	| { ok: true; mapId: string; params: URLSearchParams }
	| { ok: false; status: 400 | 404; message: string };

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
	return { ok: true, mapId, params: parsed.searchParams };
}

/** Everyone is an editor until view-only links exist; this is where a token will decide. */
export function roleFor(_params: URLSearchParams): Role {
	return 'editor';
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
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
}

export function createSyncEndpoint(registry: RoomRegistry, problems: CauseLogger): SyncEndpoint {
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_FRAME_BYTES,
		perMessageDeflate: false
	});
	const connections = new Set<Connection>();
	let accepting = true;

	const handleUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		// A socket without an 'error' listener takes the process down on a reset.
		socket.on('error', (err) => problems.report('upgrade-socket-error', err.message));
		if (!accepting) return refuseUpgrade(socket, 503, 'server is shutting down');
		const target = parseUpgradeTarget(req.url);
		if (!target.ok) return refuseUpgrade(socket, target.status, target.message);
		let exists: boolean;
		try {
			exists = await registry.exists(target.mapId);
		} catch (err) {
			problems.report('upgrade-storage-error', String(err));
			return refuseUpgrade(socket, 500, 'storage error');
		}
		if (!exists) return refuseUpgrade(socket, 404, `no map ${target.mapId}`);
		if (!accepting) return refuseUpgrade(socket, 503, 'server is shutting down');
		const role = roleFor(target.params);
		wss.handleUpgrade(req, socket, head, (ws) => {
			const conn = Connection.attach(ws, target.mapId, role, registry, problems, (closed) =>
				connections.delete(closed)
			);
			connections.add(conn);
		});
	};

	return {
		handleUpgrade: (req, socket, head) => void handleUpgrade(req, socket, head),
		connections,
		stopAccepting: () => {
			accepting = false;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const conn of connections) conn.refuse('shutting-down');
				wss.close(() => resolve());
			})
	};
}
