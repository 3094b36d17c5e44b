/**
 * One loaded map and the connections editing it.
 *
 * Invariants:
 * - Every task (a join, a message, a flush) runs in one serial queue, so after each task the
 *   document equals what storage holds (snapshot + log). A sync reply therefore never carries a
 *   change that is not yet committed.
 * - An update is committed to storage before it is broadcast; what is stored and broadcast is what
 *   Yjs merged (see `collect.ts`), never the raw client bytes.
 * - Before an update is applied it has been read strictly within the per-update budget
 *   (`protocol/inspect-update.ts`), shown to apply completely against this document
 *   (`admit-update.ts`: nothing pending, no deletion beyond what exists), and its author may write
 *   under its clientIDs (`client-ids.ts`). The document never holds pending structs.
 * - An update that fails to apply, leaves something pending, breaks the contract (an invalid
 *   meta, more nodes or edges than the map may hold), or fails to store, makes the room rebuild
 *   its document from storage: the change is neither kept nor sent, and the other peers notice
 *   nothing.
 * - Nothing from a peer is applied once it is closed (`isOpen` is checked when its task runs).
 * - A live update that cannot be applied completely (`update-incomplete`, `delete-beyond-state`)
 *   from a peer that has not yet sent its sync reply is dropped, not refused: an honest stock
 *   client that edited offline sends its next live edit as soon as the socket opens, before its
 *   reply to our sync step 1, and that reply (computed after the edit) carries the edit with
 *   everything it builds on. Dropping never keeps anything pending; at most
 *   `DROPPED_BEFORE_REPLY` updates per connection are dropped, then the usual refusal applies.
 * - After every applied update that touched the map's structure (and after loading), edges left
 *   dangling by concurrent edits are deleted by the server in the same task, stored, then sent to
 *   every peer (`repair.ts`, linear in the edges): no task ends with a dangling edge.
 *
 * Several processes (shared storage, `storage.shared`; README "Several processes"): other processes
 * commit updates of the same map. `lastSeq` is the newest seq this copy holds, and the copy holds
 * every row up to it (seqs are gapless per map). A committed update is published on the bus with
 * its seq after it is committed and before it is sent to local peers; another process's update is
 * applied when its seq is the next one (`remoteUpdate`), and any gap — a lost bus message, or
 * our own append getting seq n+2 — is read back from storage (`catchUp`), all inside the queue, so
 * the copy never skips a row. Changes applied from elsewhere were validated by the process that
 * took them; here they are only sent on to local peers.
 */
import * as Y from 'yjs';
import { rawMeta } from '$lib/model/doc';
import { MetaSchema, describeIssues } from '$lib/model/schema';
import type { CauseLogger } from '../log';
import { activity } from '../stalls';
import { summarize } from '../maps/summary';
import { ProtocolError } from '../protocol/errors';
import { encodeUpdate, syncStep1Of, syncStep2Of } from '../protocol/encode';
import { assertNever, type ClientMessage } from '../protocol/messages';
import type { Bus } from '../cluster/bus';
import type { HistoryStore, Storage } from '../storage/storage';
import type { InspectedUpdate } from '../protocol/inspect-update';
import { admitUpdate, hasPending } from './admit-update';
import { ClientIdOwners } from './client-ids';
import { collectChanges } from './collect';
import { loadDoc, type LoadedDoc } from './load-doc';
import { repairCollecting } from './repair';
import { canEdit, type Peer } from './peer';
import { Presence } from './presence';
import { RootCounts } from './root-counts';

/** Updates dropped per connection while its sync reply is awaited, before it is refused instead. */
export const DROPPED_BEFORE_REPLY = 256;

/** Refusals that, before a peer's sync reply, mean "the reply will bring what this needs". */
const HEALED_BY_REPLY = new Set(['update-incomplete', 'delete-beyond-state']);

export interface RoomOptions {
	storage: Storage & HistoryStore;
	/** Other processes serving the same maps (null: this process alone, or no bus configured). */
	bus: Bus | null;
	/** History older than this many days is pruned after each compaction; null keeps it all. */
	historyDays: number | null;
	problems: CauseLogger;
	compactAfterUpdates: number;
	unloadAfterMs: number;
	summaryDebounceMs: number;
	/** Awareness changes are gathered this long and sent as one message (0: at once). */
	awarenessBatchMs: number;
	awarenessPerSecond: number;
	awarenessBytesPerSecond: number;
	maxNodes: number;
	maxEdges: number;
	/** Participant key per clientID, kept by the registry across loads of the map (`client-ids.ts`). */
	rememberedClientIds: Map<number, string>;
	/**
	 * Asks the owner to unload the room: when it has had no peers for `unloadAfterMs`, or when its
	 * document can no longer be trusted (a rebuild from storage failed).
	 */
	requestUnload: (room: Room) => void;
}

/** The origin of changes applied from other processes (not a peer: nothing is claimed for it). */
const REMOTE_ORIGIN = 'warrant-remote';

export class Room {
	private doc: Y.Doc;
	/** Nodes and edges in `doc` (made anew with each document: `rebuild`). */
	private counts: RootCounts;
	private logLength: number;
	private lastSeq: number;
	/** Set when loading dropped pending structs: the first task compacts them out of storage. */
	private droppedPending: boolean;
	private title: string;
	private readonly peers = new Set<Peer>();
	/** Awareness, apart from the doc so that the map's doc can be replaced by a rebuild. */
	private readonly presence: Presence;
	private readonly writers: ClientIdOwners;
	/** Peers that have sent a sync step 2 (the reply to our step 1). */
	private readonly replied = new WeakSet<Peer>();
	/** Live updates dropped per peer while its reply was awaited (see DROPPED_BEFORE_REPLY). */
	private readonly droppedBeforeReply = new WeakMap<Peer, number>();
	private tail: Promise<void> = Promise.resolve();
	private idleTimer: NodeJS.Timeout | null = null;
	private summaryTimer: NodeJS.Timeout | null = null;
	private lastEditAt: string | null = null;
	private closing = false;
	/** Set when the document could not be rebuilt: it must never be written to storage. */
	private broken = false;

	constructor(
		readonly id: string,
		loaded: LoadedDoc,
		private readonly opts: RoomOptions
	) {
		this.doc = loaded.doc;
		this.counts = new RootCounts(this.doc);
		this.logLength = loaded.logLength;
		this.lastSeq = loaded.lastSeq;
		this.droppedPending = loaded.droppedPending;
		const title = this.doc.getMap('meta').get('title');
		this.title = typeof title === 'string' ? title : id;
		this.writers = new ClientIdOwners(opts.rememberedClientIds);
		this.presence = new Presence(
			id,
			() => this.peers,
			opts.problems,
			{
				batchMs: opts.awarenessBatchMs,
				perSecond: opts.awarenessPerSecond,
				bytesPerSecond: opts.awarenessBytesPerSecond
			},
			(clientId) => this.writers.writerOf(clientId),
			opts.bus ? (update) => opts.bus!.publishAwareness(id, update) : null
		);
	}

	/** The newest seq this copy holds (every row up to it is applied). */
	get seq(): number {
		return this.lastSeq;
	}

	get peerCount(): number {
		return this.peers.size;
	}

	get isClosing(): boolean {
		return this.closing;
	}

	/** Runs `task` after every earlier task; the returned promise settles with it. */
	private run<T>(task: () => T | Promise<T>): Promise<T> {
		const result = this.tail.then(task);
		this.tail = result.then(
			() => undefined,
			() => undefined
		);
		return result;
	}

	/** Adds a peer and greets it with our sync step 1 (and the current awareness). False if closing. */
	join(peer: Peer): boolean {
		if (this.closing) return false;
		this.peers.add(peer);
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = null;
		void this.run(() => {
			if (!peer.isOpen) return;
			peer.send(syncStep1Of(this.doc));
			const presence = this.presence.currentFrame();
			if (presence) peer.send(presence);
		});
		return true;
	}

	/** Starts the idle timer of a room nobody has joined (one loaded for a server change). */
	idleUnlessJoined(): void {
		if (this.peers.size > 0 || this.closing || this.idleTimer) return;
		this.idleTimer = setTimeout(() => {
			this.idleTimer = null;
			if (this.peers.size === 0 && !this.closing) this.opts.requestUnload(this);
		}, this.opts.unloadAfterMs);
		this.idleTimer.unref();
	}

	leave(peer: Peer): void {
		if (!this.peers.delete(peer)) return;
		this.presence.leave(peer);
		this.writers.release(peer);
		if (this.peers.size === 0 && !this.closing) {
			this.idleTimer = setTimeout(() => {
				this.idleTimer = null;
				if (this.peers.size === 0 && !this.closing) this.opts.requestUnload(this);
			}, this.opts.unloadAfterMs);
			this.idleTimer.unref();
		}
	}

	/**
	 * Handles a decoded message from `peer`; a failure refuses that peer only. Document messages
	 * wait in the queue; presence messages are handled at once (they touch no document state).
	 */
	receive(peer: Peer, message: ClientMessage): Promise<void> {
		const task = async () => {
			if (!peer.isOpen || this.closing) return;
			activity(() => `${message.kind} on ${this.id}`);
			try {
				await this.handle(peer, message);
			} catch (err) {
				const error =
					err instanceof ProtocolError ? err : new ProtocolError('internal-error', String(err));
				this.opts.problems.report(error.code, `map ${this.id}: ${error.message}`);
				peer.refuse(error.code, error.message);
			}
		};
		const presence = message.kind === 'awareness' || message.kind === 'query-awareness';
		return presence ? task() : this.run(task);
	}

	private async handle(peer: Peer, message: ClientMessage): Promise<void> {
		switch (message.kind) {
			case 'sync-step1':
				peer.send(syncStep2Of(this.doc, message.stateVector));
				return;
			case 'sync-step2':
				this.replied.add(peer);
				// Viewers may sync (their step 2 answers our step 1) but their changes are not taken.
				if (!canEdit(peer.role)) return;
				await this.applyFrom(peer, message.update, message.inspected);
				return;
			case 'update':
				if (!canEdit(peer.role)) return;
				try {
					await this.applyFrom(peer, message.update, message.inspected);
				} catch (err) {
					if (!this.awaitsReply(peer, err)) throw err;
				}
				return;
			case 'awareness':
				this.presence.receive(peer, message.update, message.entries);
				return;
			case 'query-awareness': {
				const frame = this.presence.currentFrame();
				if (frame) peer.send(frame);
				return;
			}
			default:
				assertNever(message);
		}
	}

	/**
	 * True when `err` refused a live update that the peer's coming sync reply will carry complete:
	 * the update is dropped (nothing of it was kept) and the connection stays open.
	 */
	private awaitsReply(peer: Peer, err: unknown): boolean {
		if (this.replied.has(peer) || !(err instanceof ProtocolError) || !HEALED_BY_REPLY.has(err.code))
			return false;
		const dropped = (this.droppedBeforeReply.get(peer) ?? 0) + 1;
		if (dropped > DROPPED_BEFORE_REPLY) return false;
		this.droppedBeforeReply.set(peer, dropped);
		return true;
	}

	private async applyFrom(
		origin: Peer,
		update: Uint8Array,
		inspected: InspectedUpdate
	): Promise<void> {
		if (inspected.empty) return;
		const fresh = await this.admit(inspected);
		this.checkRoom(inspected);
		this.writers.claim(origin, fresh, this.doc.clientID, (c) => this.presence.ownerOf(c));
		const nodesBefore = this.counts.nodes;
		const edgesBefore = this.counts.edges;
		const result = collectChanges(this.doc, () => Y.applyUpdate(this.doc, update, origin));
		if (!result.ok) {
			await this.rebuild(result.error);
			throw new ProtocolError('update-failed', result.error);
		}
		const refusal = hasPending(this.doc)
			? new ProtocolError('update-incomplete', 'parts of it could not be applied')
			: this.contractRefusal(result, nodesBefore, edgesBefore);
		if (refusal) {
			await this.rebuild(refusal.message);
			throw refusal;
		}
		if (result.merged === null) return; // nothing new: already known
		try {
			await this.commit(result.merged, origin, origin.authorId);
		} catch (err) {
			await this.rebuild(String(err));
			throw new ProtocolError('storage-failed', String(err));
		}
		if (result.structural) await this.repair();
		await this.compactIfDue();
	}

	/**
	 * `admitUpdate`, except that with shared storage an update that builds on something this copy
	 * lacks is checked again after catching up: the client may have seen it on another process
	 * (a reconnect through the load balancer) before our bus message arrived.
	 */
	private async admit(inspected: InspectedUpdate): Promise<number[]> {
		try {
			return admitUpdate(this.doc, inspected);
		} catch (err) {
			if (!this.opts.storage.shared || !(err instanceof ProtocolError)) throw err;
			if (err.code !== 'update-incomplete' && err.code !== 'delete-beyond-state') throw err;
			await this.catchUpNow();
			return admitUpdate(this.doc, inspected);
		}
	}

	/**
	 * Refuses, before applying, an update that may take the map past its node or edge limit (it
	 * counts every key it sets as new; only a map within that many of its limit can be refused
	 * wrongly). Checking after applying would cost a rebuild from storage per refused update.
	 */
	private checkRoom(inspected: InspectedUpdate): void {
		const limits = [
			['nodes', this.counts.nodes, this.opts.maxNodes],
			['edges', this.counts.edges, this.opts.maxEdges]
		] as const;
		for (const [root, size, max] of limits) {
			const added = inspected.rootKeys.get(root) ?? 0;
			if (added > 0 && size + added > max)
				throw new ProtocolError(
					'map-too-large',
					`${size} ${root} and up to ${added} more; the limit is ${max}`
				);
		}
	}

	/**
	 * What the applied change broke, if anything: meta is validated like the records are (an editor
	 * could otherwise make the map unexportable: `schema` 999, a numeric title), and the map may not
	 * grow past its node and edge limits.
	 */
	private contractRefusal(
		change: { structural: boolean; meta: boolean },
		nodesBefore: number,
		edgesBefore: number
	): ProtocolError | null {
		if (change.meta) {
			const parsed = MetaSchema.safeParse(rawMeta(this.doc));
			if (!parsed.success)
				return new ProtocolError('invalid-change', `meta: ${describeIssues(parsed.error)}`);
		}
		if (change.structural) {
			const { nodes, edges } = this.counts;
			if (nodes > this.opts.maxNodes && nodes > nodesBefore)
				return new ProtocolError(
					'map-too-large',
					`${nodes} nodes; the limit is ${this.opts.maxNodes}`
				);
			if (edges > this.opts.maxEdges && edges > edgesBefore)
				return new ProtocolError(
					'map-too-large',
					`${edges} edges; the limit is ${this.opts.maxEdges}`
				);
		}
		return null;
	}

	/**
	 * Stores a merged change with its time and author (null: the server's own), publishes it to the
	 * other processes, then sends it to every open peer except `except`. When other processes
	 * committed rows meanwhile (our seq is not the next one), those are read back and applied
	 * first, so `lastSeq` keeps meaning "everything up to here".
	 */
	private async commit(
		merged: Uint8Array,
		except: Peer | null,
		authorId: string | null
	): Promise<void> {
		const seq = await this.opts.storage.appendUpdate(this.id, merged, {
			at: Date.now(),
			authorId
		});
		if (this.opts.storage.shared && seq !== this.lastSeq + 1) await this.catchUpNow();
		this.lastSeq = Math.max(this.lastSeq, seq);
		this.logLength++;
		this.opts.bus?.publishUpdate(this.id, seq, merged);
		this.sendToPeers(merged, except);
		this.lastEditAt = new Date().toISOString();
		this.scheduleSummary();
	}

	private sendToPeers(update: Uint8Array, except: Peer | null): void {
		// One frame for every peer, as a Buffer so that the socket layer wraps nothing per peer.
		const bytes = encodeUpdate(update);
		const frame = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		for (const peer of this.peers) if (peer !== except && peer.isOpen) peer.send(frame);
	}

	/**
	 * An update another process committed under `seq` and published. The next seq is applied at
	 * once; an older one is already here; a newer one means messages were lost: read them back.
	 */
	remoteUpdate(seq: number, update: Uint8Array): Promise<void> {
		return this.run(async () => {
			if (this.closing || this.broken || seq <= this.lastSeq) return;
			if (seq === this.lastSeq + 1) await this.applyCommitted(null, [update], seq);
			else await this.catchUpNow();
		}).catch((err) =>
			this.opts.problems.report('catch-up-failed', `map ${this.id}: ${String(err)}`)
		);
	}

	/** Applies what other processes committed since `lastSeq` (poll, bus reconnect, gap). */
	catchUp(): Promise<void> {
		return this.run(() => this.catchUpNow()).catch((err) =>
			this.opts.problems.report('catch-up-failed', `map ${this.id}: ${String(err)}`)
		);
	}

	/** Runs inside the queue. */
	private async catchUpNow(): Promise<void> {
		if (this.closing || this.broken) return;
		const stored = await this.opts.storage.readSince(this.id, this.lastSeq);
		if (!stored || stored.lastSeq <= this.lastSeq) return;
		await this.applyCommitted(stored.snapshot, stored.updates, stored.lastSeq);
	}

	/**
	 * Applies changes that are already committed (by another process) and sends what was new to
	 * every local peer. Runs inside the queue.
	 */
	private async applyCommitted(
		snapshot: Uint8Array | null,
		updates: Uint8Array[],
		lastSeq: number
	): Promise<void> {
		const result = collectChanges(this.doc, () => {
			if (snapshot) Y.applyUpdate(this.doc, snapshot, REMOTE_ORIGIN);
			for (const update of updates) Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
		});
		if (!result.ok || hasPending(this.doc)) {
			// Stored rows that do not apply cleanly: start again from what storage holds.
			await this.rebuild(result.ok ? 'a committed change left structs pending' : result.error);
			return;
		}
		this.lastSeq = lastSeq;
		this.logLength = snapshot ? updates.length : this.logLength + updates.length;
		if (result.merged) this.sendToPeers(result.merged, null);
	}

	/**
	 * Deletes dangling edges as the server's own change, sent to every peer (the one whose update
	 * caused it included). A failure is the server's, not a peer's: nobody is refused; the document
	 * is rebuilt from storage (without the repair) and the next update tries again.
	 */
	private async repair(): Promise<void> {
		const result = repairCollecting(this.doc);
		if (result.ok && result.merged === null) return;
		try {
			if (!result.ok) throw new Error(result.error);
			await this.commit(result.merged!, null, null);
		} catch (err) {
			this.opts.problems.report('repair-failed', `map ${this.id}: ${String(err)}`);
			await this.rebuild(String(err));
		}
	}

	private async compactIfDue(): Promise<void> {
		if (this.logLength >= this.opts.compactAfterUpdates) {
			// The update is committed and sent; a failed compaction only leaves a longer log.
			await this.compact().catch((err) =>
				this.opts.problems.report('compaction-failed', `map ${this.id}: ${String(err)}`)
			);
		}
	}

	/**
	 * Replaces the document with what storage holds (after a failed apply or store). If even that
	 * fails, the in-memory document is untrusted: the room asks to be unloaded, closing every peer.
	 */
	private async rebuild(cause: string): Promise<void> {
		let loaded: LoadedDoc | null = null;
		try {
			loaded = await loadDoc(this.opts.storage, this.id);
		} catch (err) {
			this.opts.problems.report(
				'rebuild-failed',
				`map ${this.id}: ${String(err)} (after ${cause})`
			);
		}
		if (!loaded) {
			this.broken = true;
			this.opts.requestUnload(this);
			throw new ProtocolError('internal-error', 'the map could not be reloaded');
		}
		const before = Y.encodeStateVector(this.doc);
		this.doc.destroy();
		this.doc = loaded.doc;
		this.counts = new RootCounts(this.doc);
		this.logLength = loaded.logLength;
		this.lastSeq = loaded.lastSeq;
		// Storage may hold what other processes committed since: send it on (the structs after what
		// we had, and the whole delete set, which an update always carries).
		if (this.opts.storage.shared) this.sendToPeers(Y.encodeStateAsUpdate(this.doc, before), null);
	}

	/** Folds the log into the snapshot. Runs inside the queue, so doc == snapshot + log up to lastSeq. */
	private async compact(): Promise<void> {
		// False: another process is compacting this map, or already went further. The log stays
		// counted, so the next update tries again.
		if (!(await this.opts.storage.compact(this.id, Y.encodeStateAsUpdate(this.doc), this.lastSeq)))
			return;
		this.logLength = 0;
		if (this.opts.historyDays !== null)
			await this.opts.storage.pruneHistory(
				this.id,
				Date.now() - this.opts.historyDays * 86_400_000
			);
	}

	/**
	 * Makes a change as the server (a restore asked for over HTTP): `change` runs on the committed
	 * document in the queue; what it changed is stored (author `authorId`, or none) and sent to every
	 * peer. Resolves with whether anything changed. A failure rebuilds the document from storage.
	 */
	serverChange(change: (doc: Y.Doc) => void, authorId: string | null): Promise<boolean> {
		return this.run(async () => {
			if (this.closing || this.broken) throw new Error('the map is closing');
			const result = collectChanges(this.doc, () => change(this.doc));
			if (!result.ok) {
				await this.rebuild(result.error);
				throw new Error(result.error);
			}
			if (result.merged === null) return false;
			try {
				await this.commit(result.merged, null, authorId);
			} catch (err) {
				await this.rebuild(String(err));
				throw err;
			}
			if (result.structural) await this.repair();
			await this.compactIfDue();
			return true;
		});
	}

	/** Compacts now if anything is in the log (used right after loading a long log). */
	compactNow(): Promise<void> {
		return this.run(() => (this.logLength > 0 ? this.compact() : undefined));
	}

	/**
	 * Repairs a freshly loaded document (a crash between an update and its repair leaves a dangling
	 * edge in storage), then compacts if the log is long. Run before the first peer is greeted.
	 */
	afterLoad(): Promise<void> {
		return this.run(async () => {
			if (this.droppedPending) {
				this.droppedPending = false;
				this.opts.problems.report(
					'pending-dropped',
					`map ${this.id}: dropped stored changes that could never be applied; compacting`
				);
				await this.compact();
			}
			// Another process may have committed between our read and our subscription to the bus.
			if (this.opts.storage.shared) await this.catchUpNow();
			await this.repair();
			await this.compactIfDue();
		});
	}

	private scheduleSummary(): void {
		if (this.summaryTimer) return;
		this.summaryTimer = setTimeout(() => {
			this.summaryTimer = null;
			void this.run(() => this.saveSummary()).catch((err) =>
				this.opts.problems.report('summary-failed', `map ${this.id}: ${String(err)}`)
			);
		}, this.opts.summaryDebounceMs);
		this.summaryTimer.unref();
	}

	private async saveSummary(): Promise<void> {
		if (!this.lastEditAt) return;
		const change = summarize(this.doc, this.title, this.lastEditAt);
		this.title = change.title;
		this.lastEditAt = null;
		await this.opts.storage.saveSummary(this.id, change);
	}

	/** Presence changes from another process's connections (bus). */
	remoteAwareness(update: Uint8Array): void {
		if (!this.closing) this.presence.receiveRemote(update);
	}

	/** Runs `fn` on the committed document (between tasks). */
	read<T>(fn: (doc: Y.Doc) => T): Promise<T> {
		return this.run(() => fn(this.doc));
	}

	/**
	 * Flushes (listing row, compaction) and closes every peer with `shutting-down` (1001). Used on
	 * unload and on server shutdown; the room accepts nothing after this starts.
	 */
	async shutdown(): Promise<void> {
		this.closing = true;
		if (this.idleTimer) clearTimeout(this.idleTimer);
		if (this.summaryTimer) clearTimeout(this.summaryTimer);
		this.idleTimer = this.summaryTimer = null;
		try {
			await this.run(async () => {
				if (this.broken) return;
				await this.saveSummary();
				if (this.logLength > 0) await this.compact();
			});
		} finally {
			for (const peer of [...this.peers]) peer.refuse('shutting-down');
			this.peers.clear();
			this.presence.destroy();
			this.doc.destroy();
		}
	}
}
