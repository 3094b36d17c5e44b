/**
 * The single owner of share records at run time. Records are read from storage once per map and
 * kept in memory; every change goes through `protect`, which stores it, updates the cache and then
 * tells listeners (the websocket endpoint, which closes connections the change no longer admits).
 *
 * Invariant that closes the race between an upgrade and a concurrent protect/rotate: after an
 * upgrade has added its connection to the endpoint's set, it re-checks with `decideNow`, which
 * reads the cache synchronously. Either the change's notification saw the connection, or the
 * re-check sees the change.
 *
 * Editor grants (grants.ts): the first protect asks the endpoint which participant keys have an
 * editor connection open on the map (`attachSessions`), synchronously, and stores their digests in
 * the same record as the tokens, so the connections open at that moment are admitted by the record
 * itself when the listeners re-check them.
 *
 * Several processes (shared storage and a bus): a change is published after it is stored; the
 * other processes read the record again from storage and tell their listeners, so rotating the
 * links closes old-token sockets everywhere. When the bus reconnects (messages may be lost), every
 * cached record is read again. Grants are made from the editors open on the process that protects
 * the map.
 */
import type { Bus } from '../cluster/bus';
import type { ShareRecord, ShareStore } from '../storage/storage';
import { decideAccess, type Access } from './decide';
import { grantDigest } from './grants';
import { newToken } from './tokens';

/** What happened to a map's links: it became protected, or its links were replaced. */
export interface ShareChange {
	kind: 'protected' | 'rotated';
	/** The name the person who did it gave (shown to the others), if any. */
	by: string | null;
}

export type ShareListener = (mapId: string, share: ShareRecord, change: ShareChange) => void;

/** Participant keys of the editor connections open on a map right now. */
export type OpenEditors = (mapId: string) => Iterable<string>;

export class AccessControl {
	private readonly cache = new Map<string, ShareRecord | null>();
	private readonly listeners = new Set<ShareListener>();
	private openEditors: OpenEditors = () => [];

	constructor(
		private readonly storage: ShareStore,
		private readonly bus: Bus | null = null,
		private readonly onError: (error: unknown) => void = () => {}
	) {
		bus?.onShareChange((mapId, by) => void this.reread(mapId, by));
		bus?.onReconnect(() => {
			for (const mapId of this.cache.keys()) void this.reread(mapId);
		});
	}

	/** Reads a record another process changed; listeners hear of it when the tokens differ. */
	private async reread(mapId: string, by: string | null = null): Promise<void> {
		try {
			const before = this.cache.get(mapId) ?? null;
			const share = await this.storage.getShare(mapId);
			this.cache.set(mapId, share);
			if (!share) return;
			const change: ShareChange = { kind: before ? 'rotated' : 'protected', by };
			if (share.editToken !== before?.editToken || share.viewToken !== before?.viewToken)
				for (const listener of this.listeners) listener(mapId, share, change);
		} catch (err) {
			this.onError(err);
		}
	}

	/** The websocket endpoint tells who is editing (for the grants made when a map is protected). */
	attachSessions(openEditors: OpenEditors): void {
		this.openEditors = openEditors;
	}

	/** Ids of protected maps (for the listing). */
	protectedMapIds(): Promise<Set<string>> {
		return this.storage.protectedMapIds();
	}

	async share(mapId: string): Promise<ShareRecord | null> {
		if (this.cache.has(mapId)) return this.cache.get(mapId) ?? null;
		const stored = await this.storage.getShare(mapId);
		// A protect that finished while we were reading is newer than what we read.
		if (!this.cache.has(mapId)) this.cache.set(mapId, stored);
		return this.cache.get(mapId) ?? null;
	}

	async decide(
		mapId: string,
		token: string | null,
		participant: string | null = null
	): Promise<Access> {
		return decideAccess(await this.share(mapId), token, participant);
	}

	/** The decision from the cache only; null when the map's record was never loaded. */
	decideNow(mapId: string, token: string | null, participant: string | null = null): Access | null {
		if (!this.cache.has(mapId)) return null;
		return decideAccess(this.cache.get(mapId) ?? null, token, participant);
	}

	/**
	 * Protects a map: new tokens unless it already has some (`rotate` replaces them, and clears the
	 * editor grants). Protecting an open map grants editing to the participant keys of the editor
	 * connections open on it now. Resolves with the record in force and whether it changed;
	 * listeners hear about changes only.
	 */
	async protect(
		mapId: string,
		rotate: boolean,
		by: string | null = null
	): Promise<{ share: ShareRecord; changed: boolean }> {
		const before = await this.share(mapId);
		if (before && !rotate) return { share: before, changed: false };
		const grants = before ? [] : [...new Set([...this.openEditors(mapId)].map(grantDigest))];
		const candidate: ShareRecord = {
			mapId,
			editToken: newToken(),
			viewToken: newToken(),
			createdAt: new Date().toISOString(),
			editorGrants: grants
		};
		const share = await this.storage.saveShare(candidate, rotate ? 'replace' : 'keep');
		this.cache.set(mapId, share);
		const changed = share.editToken !== before?.editToken || share.viewToken !== before?.viewToken;
		const change: ShareChange = { kind: before ? 'rotated' : 'protected', by };
		if (changed) {
			for (const listener of this.listeners) listener(mapId, share, change);
			this.bus?.publishShare(mapId, by);
		}
		return { share, changed };
	}

	onChange(listener: ShareListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
