/**
 * One editor's connection to one map: a Y.Doc synced through the stock y-websocket client with the
 * server's `/yjs/<mapId>` endpoint. Browser only (it needs `location` and a global WebSocket).
 * `destroy()` closes the socket, stops reconnecting, and frees the document; nothing outlives it.
 *
 * With `{ deferStart: true }` nothing connects until `start(role)`, once the page knows the role
 * its share token grants (see access.ts). An editor keeps a copy in IndexedDB (offline.ts); a viewer
 * never uploads local changes and keeps no copy. BroadcastChannel sharing between tabs is off for
 * everyone: every change goes through the server, which checks each connection's token.
 *
 * The session is the one owner of the connection's state (`current`, `subscribe`): the socket's
 * status, whether the map has been received, why the server closed it, and the link as the header
 * shows it with the changes waiting to be sent (offline.ts).
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { getMetaMap } from '$lib/model/doc';
import { AUTH_NOTICE, MESSAGE_AUTH, parseNotice, type ServerNotice } from '$lib/api/notice';
import type { Role } from '$lib/api/wire';
import type { Refusal } from './access';
import { BrowserCopy, PendingChanges, type LinkSnapshot } from './offline';
import { participantKey } from './participant';

/** Transaction origin of the server state applied at start: remote, so no undo step records it. */
export const SERVER_STATE_ORIGIN = Symbol('warrant:server-state');

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface SessionState {
	status: ConnectionStatus;
	/** True once the server's state has been received on the current connection at least once. */
	synced: boolean;
	/** Why the server closed the connection for good (close codes 4400-4499), if it did. */
	closedReason: string | null;
	/**
	 * The server closed the connection because this page's link no longer admits it: 4401 (the map
	 * became protected and this page was not kept on it) or 4403 (its links were replaced), or an
	 * access check after a refused reconnect said so (`loseAccess`). Final: nothing reconnects.
	 */
	lost: Refusal | null;
	/** Failed connection attempts since the last successful one (e.g. the map does not exist). */
	failures: number;
	/** The link as the header shows it, with the local changes waiting to be sent. */
	link: LinkSnapshot;
}

export const INITIAL_SESSION_STATE: SessionState = {
	status: 'connecting',
	synced: false,
	closedReason: null,
	lost: null,
	failures: 0,
	link: { state: 'connecting', pending: 0 }
};

export interface SessionOptions {
	/** The websocket endpoint (default: the page's own origin, see `yjsServerUrl`). */
	serverUrl?: string;
	/** The share token from the page URL, passed to the websocket as `?token=`. */
	token?: string | null;
	/** This browser's participant id (`LocalUser.id`), sent as `author`. */
	authorId?: string;
	/** Wait for `start(role)` before connecting. */
	deferStart?: boolean;
}

/** `ws://host/yjs` or `wss://host/yjs` for the page's own origin. */
export function yjsServerUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
	return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/yjs`;
}

export class MapSession {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	private state: SessionState = INITIAL_SESSION_STATE;
	private readonly pending = new PendingChanges();
	private listeners = new Set<(s: SessionState) => void>();
	private readonly noticeListeners = new Set<(n: ServerNotice) => void>();
	private readonly offs: Array<() => void> = [];
	private copy: BrowserCopy | null = null;
	private started = false;
	private destroyed = false;

	constructor(
		readonly mapId: string,
		opts: SessionOptions = {}
	) {
		const serverUrl = opts.serverUrl ?? yjsServerUrl(location);
		this.provider = new WebsocketProvider(serverUrl, mapId, this.doc, {
			connect: false,
			disableBc: true,
			// The participant key binds this browser's clientIDs and presence to it (participant.ts).
			params: {
				...(opts.token ? { token: opts.token } : {}),
				participant: participantKey(),
				// Public: the server records it with each stored update (history, report).
				...(opts.authorId ? { author: opts.authorId } : {})
			}
		});
		const p = this.provider;
		const pending = this.pending;
		const link = () => pending.snapshot;
		const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
			pending.status(status === 'connected');
			if (this.state.status === 'closed') return this.update({ link: link() });
			this.update(
				status === 'connected' ? { status, failures: 0, link: link() } : { status, link: link() }
			);
		};
		const onError = () => {
			pending.attemptFailed();
			this.update({ failures: this.state.failures + 1, link: link() });
		};
		const onSync = (synced: boolean) => {
			pending.sync(synced);
			this.update(synced ? { synced: true, link: link() } : { link: link() });
		};
		const onClosed = (e: { code: number; reason: string }) =>
			this.update({
				status: 'closed',
				closedReason: e.reason || `closed with code ${e.code}`,
				lost: e.code === 4401 ? 'token-required' : e.code === 4403 ? 'token-invalid' : null
			});
		// The server's notices (auth messages of Warrant's subtype, see $lib/api/notice); y-protocols'
		// own auth message (permission denied) keeps its stock handling.
		const stockAuth = p.messageHandlers[MESSAGE_AUTH];
		p.messageHandlers[MESSAGE_AUTH] = (encoder, decoder, provider, emitSynced, type) => {
			const peek = decoding.clone(decoder);
			if (decoding.readVarUint(peek) !== AUTH_NOTICE)
				return stockAuth(encoder, decoder, provider, emitSynced, type);
			const notice = parseNotice(decoding.readVarString(peek));
			if (notice) for (const fn of [...this.noticeListeners]) fn(notice);
		};
		// Counts local changes made while they cannot be sent (offline.ts says what counts).
		const onTransaction = (tr: Y.Transaction) => {
			if (!tr.local || tr.changed.size === 0) return;
			pending.transaction(true, true);
			this.update({ link: link() });
		};
		p.on('status', onStatus);
		p.on('sync', onSync);
		p.on('closed', onClosed);
		p.on('connection-error', onError);
		this.doc.on('afterTransaction', onTransaction);
		this.offs.push(
			() => p.off('status', onStatus),
			() => p.off('sync', onSync),
			() => p.off('closed', onClosed),
			() => p.off('connection-error', onError),
			() => this.doc.off('afterTransaction', onTransaction)
		);
		if (!opts.deferStart) this.start('editor');
	}

	/**
	 * Connects with the given role. A viewer's document is detached from the provider's upload path
	 * (the server drops a viewer's updates anyway); an editor loads and keeps the browser's copy.
	 */
	start(
		role: Role,
		{
			persist = true,
			state,
			copyAfter
		}: {
			persist?: boolean;
			state?: Uint8Array;
			/**
			 * With `state`: the copy opens only once this has resolved (the editor: the map is laid out
			 * and drawn), and then when the browser is next idle. Default: at once.
			 */
			copyAfter?: Promise<unknown>;
		} = {}
	): void {
		if (this.started) return;
		this.started = true;
		if (role === 'viewer') this.doc.off('update', this.provider._updateHandler);
		else if (persist && typeof indexedDB !== 'undefined') {
			// With the server's state in hand the copy is not needed to show the map, and opening it
			// encodes the whole document in one task (y-indexeddb stores the merged state once loaded:
			// 40-110 ms for a 1,000-node map). That waits until the map is laid out and drawn
			// (`copyAfter`), then until the browser is idle: opened at the first idle moment, it fell
			// inside a large map's layout, often as the longest task then. Nothing is lost meanwhile:
			// the state it stores is the document as it is when it opens, and it still merges whatever
			// an earlier offline session left in it, and stores every change from then on.
			if (state)
				void (copyAfter ?? Promise.resolve()).then(
					() => !this.destroyed && this.whenIdle(() => this.openCopy())
				);
			else this.openCopy();
		}
		if (state) this.showServerState(state, role);
		this.provider.connect();
	}

	private openCopy(): void {
		if (this.copy || this.destroyed) return;
		const copy = new BrowserCopy(this.mapId, this.doc);
		this.copy = copy;
		// The last state this browser had is a complete map to show while the server is away.
		void copy.loaded.then(() => {
			if (this.copy === copy && getRootsFilled(this.doc)) this.update({ synced: true });
		});
	}

	private whenIdle(fn: () => void): void {
		if (typeof requestIdleCallback === 'function') {
			const id = requestIdleCallback(fn, { timeout: 3000 });
			this.offs.push(() => cancelIdleCallback(id));
		} else {
			const id = setTimeout(fn, 0);
			this.offs.push(() => clearTimeout(id));
		}
	}

	/**
	 * Applies the server's document, as fetched over HTTP with the access check (access.ts), before
	 * the socket connects: the map is complete, so it counts as synced and is drawn at once, and the
	 * websocket's sync then only exchanges the difference.
	 */
	private showServerState(state: Uint8Array, role: Role): void {
		// The provider's upload listener would have Yjs encode the whole map again as an update (tens
		// of ms for the essay map) only to send it back to the server that sent it, over a socket not
		// yet open: the state is applied without it. (No other `update` listener exists yet: the
		// browser copy opens later, when idle.)
		const upload = this.provider._updateHandler;
		this.doc.off('update', upload);
		try {
			Y.applyUpdate(this.doc, state, SERVER_STATE_ORIGIN);
		} catch (err) {
			// Not a Yjs update: say so in the console and let the websocket deliver the map instead.
			console.warn(`map ${this.mapId}: the server's state could not be read:`, err);
			return;
		} finally {
			// A viewer's document stays detached from the upload path (`start`).
			if (role !== 'viewer') this.doc.on('update', upload);
		}
		if (getRootsFilled(this.doc)) this.update({ synced: true });
	}

	get current(): SessionState {
		return this.state;
	}

	/** Calls `fn` now and on every change; returns the unsubscribe function. */
	subscribe(fn: (s: SessionState) => void): () => void {
		this.listeners.add(fn);
		fn(this.state);
		return () => this.listeners.delete(fn);
	}

	/** Calls `fn` with every notice the server sends; returns the unsubscribe function. */
	onNotice(fn: (n: ServerNotice) => void): () => void {
		this.noticeListeners.add(fn);
		return () => this.noticeListeners.delete(fn);
	}

	/**
	 * Switches to another share token: the edit link this page has just made. After protecting, the
	 * open connection carries on (the server granted it) and the token is for the next connect;
	 * after replacing the links the server closes this page's connection too, so `reconnect` makes
	 * a new one with the new token, also after the server had closed it for good.
	 */
	adoptToken(token: string, { reconnect = false }: { reconnect?: boolean } = {}): void {
		this.provider.params = { ...this.provider.params, token };
		if (!reconnect) return;
		if (this.state.status === 'closed') this.state = { ...this.state, status: 'connecting' };
		this.update({ closedReason: null, lost: null });
		if (!this.started) return;
		this.provider.disconnect();
		this.provider.connect();
	}

	/**
	 * The server refused this page's reconnect because its link no longer admits it (asked after a
	 * failed attempt, see Editor): stop trying, for good, and say why.
	 */
	loseAccess(reason: Refusal): void {
		this.provider.disconnect();
		this.update({ status: 'closed', lost: reason, closedReason: reason });
	}

	/**
	 * For a page the server refused: shows this browser's own copy of the map (IndexedDB), if it
	 * has one, without connecting. It holds the map as this browser last had it, with any changes
	 * that never reached the server. Resolves with whether there was one.
	 */
	async showBrowserCopy(): Promise<boolean> {
		if (this.started || typeof indexedDB === 'undefined') return false;
		this.openCopy();
		await this.copy?.loaded;
		return !this.destroyed && getRootsFilled(this.doc);
	}

	private update(patch: Partial<SessionState>): void {
		const next = { ...this.state, ...patch };
		if (
			next.status === this.state.status &&
			next.synced === this.state.synced &&
			next.closedReason === this.state.closedReason &&
			next.lost === this.state.lost &&
			next.failures === this.state.failures &&
			next.link.state === this.state.link.state &&
			next.link.pending === this.state.link.pending
		)
			return;
		this.state = next;
		for (const fn of [...this.listeners]) fn(next);
	}

	destroy(): void {
		this.destroyed = true;
		for (const off of this.offs.splice(0)) off();
		this.listeners.clear();
		this.noticeListeners.clear();
		// Tell peers we left before the socket goes, then stop reconnecting for good.
		this.provider.awareness.setLocalState(null);
		this.provider.destroy();
		this.copy?.destroy();
		this.copy = null;
		this.doc.destroy();
	}
}

/** Whether the document holds a map (its meta was written), as opposed to nothing loaded yet. */
function getRootsFilled(doc: Y.Doc): boolean {
	return getMetaMap(doc).size > 0;
}
