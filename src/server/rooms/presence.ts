/**
 * Awareness (presence: names, colours, cursors) of one room. Not document state: it is never
 * stored, and the room handles it outside its document queue so that a seminar's cursor traffic
 * never delays edits.
 *
 * Invariants:
 * - A client id belongs to the first open connection that announced a state for it; entries for
 *   an id another connection owns are dropped before they are applied. So nobody can overwrite or
 *   remove someone else's presence, and the stock client's habit of sending every awareness change
 *   it receives straight back to the server (49 echoes per cursor move in a room of 50) costs one
 *   parse and nothing else: no apply, no broadcast.
 * - After its connection closes, an id announced with a participant key (`participant` query
 *   parameter; the web app sends one per tab) stays reserved for that key as long as the room
 *   lives, so nobody can take a teacher's cursor and name while the teacher reconnects. An id
 *   announced without a key is free again once its connection closed: the server cannot tell the
 *   same stock client coming back from someone else (and holding it would leave the returning
 *   client's clientID unprotected for writes, see `client-ids.ts`).
 * - An id under which another open connection writes document changes is that connection's.
 * - Each connection may announce at most `perSecond` messages and `bytesPerSecond` bytes of its
 *   own states per second; the excess is dropped, not relayed (one viewer pushed 44 MB in 10 s,
 *   and every client received half of it). Echoes of others' states cost nothing here.
 * - A connection owns at most MAX_AWARENESS_CLIENTS_PER_CONNECTION ids (the stock client uses one:
 *   its doc's clientID), so the server keeps about one small state per connection.
 * - When a connection leaves, the states it owns are removed and that removal is broadcast (with
 *   the next batch), so its cursor disappears for the others without waiting for their 30-second
 *   timeout.
 * - Changes are sent in batches (`batchMs`): one awareness message with the current state of every
 *   client that changed, to every peer, the sender included (that echo is also its keep-alive).
 *   Each entry carries its clock, so a batch is equivalent to the changes one by one.
 * - Several processes: the changes made by this process's connections are published with each
 *   batch (`publish`); those of other processes arrive through `receiveRemote`, are sent on to the
 *   local peers and never published again. An id present through another process belongs to it:
 *   no local connection may announce it (until its removal arrives, or y-protocols' 30-second
 *   timeout drops it after its process died).
 */
import * as Y from 'yjs';
import {
	Awareness,
	applyAwarenessUpdate,
	encodeAwarenessUpdate,
	removeAwarenessStates
} from 'y-protocols/awareness';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION } from '../limits';
import type { CauseLogger } from '../log';
import { encodeAwareness, encodeAwarenessEntries } from '../protocol/encode';
import type { AwarenessEntry } from '../protocol/messages';
import type { Peer } from './peer';

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** The origin of states applied from other processes. */
const REMOTE_ORIGIN = 'warrant-remote';

/** Participant keys remembered per room (oldest forgotten first). */
const MAX_KEYS = 10_000;

export interface PresenceOptions {
	/** Changes are gathered this long and sent as one message (0: at once). */
	batchMs: number;
	perSecond: number;
	bytesPerSecond: number;
}

/** One connection's use of its rate in the current one-second window. */
interface Rate {
	windowStart: number;
	messages: number;
	bytes: number;
	reported: boolean;
}

export class Presence {
	/** On a placeholder doc: the server has no presence of its own (local state null). */
	private readonly awareness = new Awareness(new Y.Doc());
	private readonly owners = new Map<number, Peer>();
	/** Client ids changed since the last batch was sent. */
	private readonly pending = new Set<number>();
	private batchTimer: NodeJS.Timeout | null = null;
	/** Participant key that announced each id (reserved for it after its connection closed). */
	private readonly keys = new Map<number, string>();
	private readonly rates = new WeakMap<Peer, Rate>();
	/** Ids whose states came from other processes. */
	private readonly remoteIds = new Set<number>();
	/** Ids changed by local connections since the last batch (published with it). */
	private readonly localPending = new Set<number>();

	constructor(
		private readonly mapId: string,
		private readonly peers: () => Iterable<Peer>,
		private readonly problems: CauseLogger,
		private readonly opts: PresenceOptions,
		/** The open connection writing document changes under an id (`client-ids.ts`), if any. */
		private readonly writerOf: (clientId: number) => Peer | undefined = () => undefined,
		/** Sends local changes to the other processes (null: this process alone). */
		private readonly publish: ((update: Uint8Array) => void) | null = null
	) {
		this.awareness.setLocalState(null);
		this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
			this.broadcast(change, origin)
		);
	}

	/** Applies the entries `peer` may announce; drops the rest (see the invariants above). */
	receive(peer: Peer, update: Uint8Array, entries: AwarenessEntry[]): void {
		const claimed = new Set(peer.clientIds);
		const accepted = entries.filter((entry) => this.mayAnnounce(peer, entry.clientId, claimed));
		if (accepted.length === 0) return;
		const bytes = accepted.length === entries.length ? update : encodeAwarenessEntries(accepted);
		if (!this.withinRate(peer, bytes.length)) return;
		applyAwarenessUpdate(this.awareness, bytes, peer);
	}

	/** Presence changes published by another process (already checked there). */
	receiveRemote(update: Uint8Array): void {
		try {
			applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
		} catch (err) {
			this.problems.report('bus-awareness', `map ${this.mapId}: ${String(err)}`);
		}
	}

	/** Counts a message of `size` bytes against `peer`'s rate; false when it is over (dropped). */
	private withinRate(peer: Peer, size: number): boolean {
		const now = Date.now();
		let rate = this.rates.get(peer);
		if (!rate || now - rate.windowStart >= 1000) {
			rate = { windowStart: now, messages: 0, bytes: 0, reported: false };
			this.rates.set(peer, rate);
		}
		if (rate.messages + 1 > this.opts.perSecond || rate.bytes + size > this.opts.bytesPerSecond) {
			if (!rate.reported)
				this.problems.report(
					'awareness-rate',
					`map ${this.mapId}: a connection passed ${this.opts.perSecond} awareness updates or ${this.opts.bytesPerSecond} bytes per second; the excess is dropped`
				);
			rate.reported = true;
			return false;
		}
		rate.messages++;
		rate.bytes += size;
		return true;
	}

	/** `claimed`: ids `peer` owns plus those it is taking in this message. */
	private mayAnnounce(peer: Peer, clientId: number, claimed: Set<number>): boolean {
		const owner = this.owners.get(clientId);
		if (owner === peer || claimed.has(clientId)) return true;
		if (owner !== undefined) return false; // someone else's (or an echo of it)
		if (this.remoteIds.has(clientId)) return false; // a connection's on another process
		const writer = this.writerOf(clientId);
		if (writer !== undefined && writer !== peer) return false; // another connection edits as it
		const key = this.keys.get(clientId);
		if (key !== undefined && key !== peer.participant) return false; // reserved for its participant
		if (claimed.size < MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
			claimed.add(clientId);
			return true;
		}
		this.problems.report(
			'awareness-too-many-clients',
			`map ${this.mapId}: a connection announced more than ${MAX_AWARENESS_CLIENTS_PER_CONNECTION} client ids`
		);
		return false;
	}

	/** The open connection that owns the presence of `clientId`, if any. */
	ownerOf(clientId: number): Peer | undefined {
		const owner = this.owners.get(clientId);
		return owner?.isOpen ? owner : undefined;
	}

	/** Every current state as one frame (greeting, query-awareness), or null when there is none. */
	currentFrame(): Uint8Array | null {
		const clients = [...this.awareness.getStates().keys()];
		return clients.length > 0
			? encodeAwareness(encodeAwarenessUpdate(this.awareness, clients))
			: null;
	}

	/** Removes the states `peer` owns and tells the remaining peers. Call after it left the room. */
	leave(peer: Peer): void {
		const ids = [...peer.clientIds];
		for (const id of ids) if (this.owners.get(id) === peer) this.owners.delete(id);
		const present = ids.filter((id) => this.awareness.getStates().has(id));
		if (present.length > 0) removeAwarenessStates(this.awareness, present, peer);
		peer.clientIds.clear();
	}

	destroy(): void {
		if (this.batchTimer) clearTimeout(this.batchTimer);
		this.batchTimer = null;
		this.pending.clear();
		this.localPending.clear();
		this.awareness.destroy();
	}

	private broadcast({ added, updated, removed }: AwarenessChange, origin: unknown): void {
		const peer = origin as Peer;
		if (origin === REMOTE_ORIGIN) {
			for (const id of [...added, ...updated]) this.remoteIds.add(id);
		}
		for (const id of removed) this.remoteIds.delete(id);
		if (peer?.clientIds instanceof Set) {
			for (const id of [...added, ...updated, ...removed]) this.localPending.add(id);
			for (const id of [...added, ...updated]) {
				if (this.owners.has(id)) continue;
				this.owners.set(id, peer);
				peer.clientIds.add(id);
				if (peer.participant !== null && !this.keys.has(id)) {
					if (this.keys.size >= MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
					this.keys.set(id, peer.participant);
				}
			}
			for (const id of removed) {
				if (this.owners.get(id) === peer) this.owners.delete(id);
				peer.clientIds.delete(id);
			}
		}
		for (const id of [...added, ...updated, ...removed]) this.pending.add(id);
		if (this.opts.batchMs === 0) this.flush();
		else if (!this.batchTimer) {
			this.batchTimer = setTimeout(() => this.flush(), this.opts.batchMs);
			this.batchTimer.unref();
		}
	}

	/** Sends one message with the current state (or removal) of every changed client. */
	private flush(): void {
		this.batchTimer = null;
		if (this.pending.size === 0) return;
		const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.pending]));
		this.pending.clear();
		if (this.publish && this.localPending.size > 0)
			this.publish(encodeAwarenessUpdate(this.awareness, [...this.localPending]));
		this.localPending.clear();
		for (const p of this.peers()) if (p.isOpen) p.send(frame);
	}
}
