/**
 * Loads rooms on demand and unloads idle ones. At most one room per map id exists at a time in this
 * process: a connection that arrives while its map is unloading waits for the unload (flush) to
 * finish and then loads the map afresh, so two documents for one map never accept edits together
 * here. With shared storage other processes hold rooms of the same maps: a loading room subscribes
 * to its map on the bus before it reads storage (and catches up once loaded, `Room.afterLoad`), and
 * every `catchUpMs` the registry asks storage for the newest seq of each loaded map and lets the
 * rooms that are behind catch up, so a room never depends on the bus delivering everything.
 */
import type * as Y from 'yjs';
import type { CauseLogger } from '../log';
import type { Bus } from '../cluster/bus';
import type { Tuning } from '../limits';
import { ProtocolError } from '../protocol/errors';
import type { HistoryStore, Storage } from '../storage/storage';
import { loadDoc } from './load-doc';
import type { Peer } from './peer';
import { Room } from './room';
import { encodedState } from './encoded-state';

export class RoomRegistry {
	private readonly rooms = new Map<string, Promise<Room>>();
	private readonly unloading = new Map<string, Promise<void>>();
	/** Rooms that finished loading and are not unloading. */
	private readonly loaded = new Map<string, Room>();
	/** Participant key per clientID of each map, kept across loads (`client-ids.ts`); memory only. */
	private readonly clientIdKeys = new Map<string, Map<number, string>>();
	/** Bus subscriptions of loaded (and loading) rooms. */
	private readonly subscriptions = new Map<string, () => void>();
	private readonly stopPoll: () => void;
	private readonly stopReconnect: () => void;

	constructor(
		private readonly storage: Storage & HistoryStore,
		private readonly tuning: Tuning,
		private readonly problems: CauseLogger,
		private readonly bus: Bus | null = null
	) {
		let timer: NodeJS.Timeout | null = null;
		if (storage.shared && tuning.catchUpMs > 0) {
			const poll = () =>
				void this.pollOnce().finally(() => {
					if (timer) timer = setTimeout(poll, tuning.catchUpMs).unref();
				});
			timer = setTimeout(poll, tuning.catchUpMs).unref();
		}
		this.stopPoll = () => {
			if (timer) clearTimeout(timer);
			timer = null;
		};
		this.stopReconnect = bus?.onReconnect(() => this.catchUpAll()) ?? (() => {});
	}

	/** Lets every loaded room that is behind what storage holds catch up. */
	private async pollOnce(): Promise<void> {
		if (this.loaded.size === 0) return;
		try {
			const seqs = await this.storage.lastSeqs([...this.loaded.keys()]);
			for (const [id, seq] of seqs) {
				const room = this.loaded.get(id);
				if (room && seq > room.seq) void room.catchUp();
			}
		} catch (err) {
			this.problems.report('catch-up-poll', String(err));
		}
	}

	/** Every loaded room catches up now (the bus reconnected: messages were lost meanwhile). */
	catchUpAll(): void {
		for (const room of this.loaded.values()) void room.catchUp();
	}

	async exists(id: string): Promise<boolean> {
		return this.rooms.has(id) || (await this.storage.hasMap(id));
	}

	/**
	 * Adds `peer` to the room of map `id`, loading it first if needed; the peer gets its first sync
	 * message only once the map is completely loaded. Rejects with `map-not-found` for unknown ids.
	 */
	async join(id: string, peer: Peer): Promise<Room> {
		for (;;) {
			await this.unloading.get(id);
			const room = await this.open(id);
			if (room.join(peer)) return room;
			// The room started unloading between our lookup and the join: wait, then load it again.
		}
	}

	private open(id: string): Promise<Room> {
		let room = this.rooms.get(id);
		if (!room) {
			room = this.load(id);
			this.rooms.set(id, room);
			room.catch(() => {
				if (this.rooms.get(id) === room) this.rooms.delete(id);
			});
		}
		return room;
	}

	private async load(id: string): Promise<Room> {
		// Subscribed before reading, so that nothing committed after the read goes unheard (what
		// arrives before the room exists is covered by its catch-up after loading).
		this.subscribe(id);
		let loaded;
		try {
			loaded = await loadDoc(this.storage, id, (index, error) =>
				this.problems.report('stored-update-failed', `map ${id}: stored update ${index}: ${error}`)
			);
		} catch (err) {
			this.unsubscribe(id);
			throw err;
		}
		if (!loaded) {
			this.unsubscribe(id);
			throw new ProtocolError('map-not-found', id);
		}
		const room = new Room(id, loaded, {
			storage: this.storage,
			bus: this.bus,
			historyDays: this.tuning.historyDays,
			problems: this.problems,
			compactAfterUpdates: this.tuning.compactAfterUpdates,
			unloadAfterMs: this.tuning.unloadAfterMs,
			summaryDebounceMs: this.tuning.summaryDebounceMs,
			awarenessBatchMs: this.tuning.awarenessBatchMs,
			awarenessPerSecond: this.tuning.awarenessPerSecond,
			awarenessBytesPerSecond: this.tuning.awarenessBytesPerSecond,
			maxNodes: this.tuning.maxNodes,
			maxEdges: this.tuning.maxEdges,
			rememberedClientIds: this.rememberedFor(id),
			requestUnload: (unload) => void this.unload(unload)
		});
		this.loaded.set(id, room);
		await room.afterLoad();
		return room;
	}

	private subscribe(id: string): void {
		if (!this.bus || this.subscriptions.has(id)) return;
		const current = () => {
			const room = this.loaded.get(id);
			return room && !room.isClosing ? room : null;
		};
		this.subscriptions.set(
			id,
			this.bus.subscribeMap(id, {
				update: (seq, update) => void current()?.remoteUpdate(seq, update),
				awareness: (update) => current()?.remoteAwareness(update)
			})
		);
	}

	private unsubscribe(id: string): void {
		this.subscriptions.get(id)?.();
		this.subscriptions.delete(id);
	}

	private rememberedFor(id: string): Map<number, string> {
		let keys = this.clientIdKeys.get(id);
		if (!keys) this.clientIdKeys.set(id, (keys = new Map()));
		return keys;
	}

	/** Flushes and drops a room; new joins for its id wait until this is done. */
	private async unload(room: Room): Promise<void> {
		// shutdown() marks the room closing before its first await, so no join can slip in.
		const done = room
			.shutdown()
			.catch((err) => this.problems.report('flush-failed', `map ${room.id}: ${String(err)}`));
		if (this.loaded.get(room.id) === room) {
			this.loaded.delete(room.id);
			this.rooms.delete(room.id);
			// The closing room takes nothing more; a later load subscribes afresh.
			this.unsubscribe(room.id);
		}
		this.unloading.set(room.id, done);
		await done;
		if (this.unloading.get(room.id) === done) this.unloading.delete(room.id);
	}

	/**
	 * The map's committed document as one update (`encoded-state.ts`: encoded once per change of a
	 * loaded room's document). Null for an unknown map. Callers never write into the bytes.
	 */
	encodedState(id: string): Promise<Uint8Array | null> {
		return this.withDoc(id, encodedState);
	}

	/** Runs `fn` on the map's committed document: the loaded room's, or a fresh load from storage. */
	async withDoc<T>(id: string, fn: (doc: Y.Doc) => T): Promise<T | null> {
		const entry = this.rooms.get(id);
		if (entry) {
			const room = await entry.catch(() => null);
			if (room && !room.isClosing) return room.read(fn);
		}
		await this.unloading.get(id);
		const loaded = await loadDoc(this.storage, id);
		if (!loaded) return null;
		try {
			return fn(loaded.doc);
		} finally {
			loaded.doc.destroy();
		}
	}

	/**
	 * Runs a server change on the map's room (loading it if needed; see `Room.serverChange`). A room
	 * loaded only for this unloads after the usual idle time. Null for an unknown map.
	 */
	async change(
		id: string,
		change: (doc: Y.Doc) => void,
		authorId: string | null
	): Promise<boolean | null> {
		if (!(await this.exists(id))) return null;
		for (;;) {
			await this.unloading.get(id);
			const room = await this.open(id);
			if (room.isClosing) continue;
			const changed = await room.serverChange(change, authorId);
			room.idleUnlessJoined();
			return changed;
		}
	}

	/** Flushes every room and closes its peers (1001). */
	async closeAll(): Promise<void> {
		this.stopPoll();
		this.stopReconnect();
		// Rooms still loading finish first, so that they are flushed and closed too.
		await Promise.all([...this.rooms.values()].map((entry) => entry.catch(() => null)));
		await Promise.all([...this.loaded.values()].map((room) => this.unload(room)));
		await Promise.all(this.unloading.values());
	}

	stats(): { rooms: number; peers: number } {
		let peers = 0;
		for (const room of this.loaded.values()) peers += room.peerCount;
		return { rooms: this.loaded.size, peers };
	}
}
