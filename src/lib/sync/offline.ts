/**
 * Working without the server. Edits are kept in the browser (y-indexeddb, one database per map) and
 * merge when the server is back; the header shows what waits.
 *
 * What "changes waiting" counts: local transactions that changed the document (a gesture, a typed
 * label splice, a comment, a vote) made while the server was not in sync with this page, that is
 * since the connection dropped and until the server's state has been received again after
 * reconnecting (y-websocket's `sync` event). They are sent as part of the reconnection handshake,
 * so the count drops to 0 then. It is a count of gestures, not of bytes or records, and it starts at
 * 0 on each page load (the edits themselves are kept in IndexedDB across reloads).
 */
import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';

export type LinkState = 'connecting' | 'connected' | 'syncing' | 'offline';

export interface LinkSnapshot {
	state: LinkState;
	/** Local changes made while out of sync with the server (see the module comment). */
	pending: number;
}

/** Pure bookkeeping of the connection state and the waiting changes. */
export class PendingChanges {
	private connected = false;
	private synced = false;
	private everSynced = false;
	private failed = false;
	private count = 0;

	/** A transaction finished: counts it when it is local, changed something and cannot go now. */
	transaction(local: boolean, changed: boolean): void {
		if (local && changed && !(this.connected && this.synced)) this.count++;
	}

	status(connected: boolean): void {
		this.connected = connected;
		if (!connected) this.synced = false;
		else this.failed = false;
	}

	/** A connection attempt failed (e.g. a page reloaded without the server). */
	attemptFailed(): void {
		this.failed = true;
	}

	sync(synced: boolean): void {
		this.synced = synced;
		if (synced) {
			this.everSynced = true;
			if (this.connected) this.count = 0;
		}
	}

	get snapshot(): LinkSnapshot {
		const state: LinkState =
			this.connected && this.synced
				? 'connected'
				: this.connected
					? 'syncing'
					: this.everSynced || this.failed || this.count > 0
						? 'offline'
						: 'connecting';
		return { state, pending: this.count };
	}
}

/** The header's words for a connection state. */
export function linkText(link: LinkSnapshot): string {
	switch (link.state) {
		case 'connected':
			return 'Live';
		case 'syncing':
			return 'Syncing…';
		case 'connecting':
			return 'Connecting…';
		case 'offline':
			return link.pending > 0
				? `Offline · ${link.pending} change${link.pending === 1 ? '' : 's'} waiting`
				: 'Offline – reconnecting';
	}
}

/**
 * Installs the offline shell (src/service-worker.ts) so that this page can be reloaded without the
 * server. Called once a map is on screen, so it never competes with the first load.
 */
export function registerOfflineShell(): void {
	if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
	navigator.serviceWorker.register('/service-worker.js').catch(() => {
		// No offline reload then (private mode, insecure origin); everything else works.
	});
}

/** The browser's copy of a map. `loaded` resolves once the stored state has been applied. */
export class BrowserCopy {
	private readonly persistence: IndexeddbPersistence;
	readonly loaded: Promise<void>;

	constructor(mapId: string, doc: Y.Doc) {
		this.persistence = new IndexeddbPersistence(`warrant:${mapId}`, doc);
		this.loaded = this.persistence.whenSynced.then(
			() => undefined,
			() => undefined
		);
	}

	destroy(): void {
		void this.persistence.destroy();
	}
}
