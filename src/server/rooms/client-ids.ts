/**
 * Who may write under which Yjs clientID in one map. Yjs trusts a struct's clientID: a peer that
 * writes under someone else's id ("squatting") takes that person's next clocks, so their own
 * edits with those clocks are then ignored as already known, by the server and by every client.
 *
 * Rules (checked before an update is applied, for the clients it writes new structs under):
 * - A clientID belongs to the open connection that first wrote new structs under it, until that
 *   connection closes; any other connection writing under it is refused (`client-id-taken`, a
 *   close code the stock client reconnects after, so an honest client whose previous connection
 *   the server has not yet seen close gets in once it has).
 * - A connection that presents a participant key (the `participant` query parameter; the web app
 *   sends one per browser tab) binds the ids it writes under to that key, remembered by the server
 *   beyond the connection (per map, in memory, at most MAX_REMEMBERED_IDS per map). A bound id is
 *   refused to any other key and to connections without one. So a participant who edits offline
 *   and comes back, or reconnects, is accepted, and nobody can squat their id meanwhile.
 * - An id whose presence (awareness) another open connection owns is that connection's too: the
 *   stock client announces its doc's clientID once it has a presence (the web app sets one at
 *   once), so it is protected before its first edit.
 * - The server's own clientID (its repairs) is nobody else's.
 * A connection without a key is protected only while it is open: the server cannot tell its
 * return from a squatter's.
 */
import { ProtocolError } from '../protocol/errors';
import type { Peer } from './peer';

export const MAX_REMEMBERED_IDS = 10_000;

export class ClientIdOwners {
	private readonly live = new Map<number, Peer>();

	/** @param remembered participant key per clientID, shared by the map's rooms over time. */
	constructor(private readonly remembered: Map<number, string>) {}

	/** The open connection writing under `client`, if any. */
	writerOf(client: number): Peer | undefined {
		const owner = this.live.get(client);
		return owner?.isOpen ? owner : undefined;
	}

	/**
	 * Refuses (throws) unless `peer` may write under each of `clients`; then records it.
	 * `presenceOf` names the open connection whose presence uses an id.
	 */
	claim(
		peer: Peer,
		clients: number[],
		serverClientId: number,
		presenceOf: (client: number) => Peer | undefined
	): void {
		for (const client of clients) {
			if (client === serverClientId)
				throw new ProtocolError('client-id-taken', `${client} is the server's`);
			const present = presenceOf(client);
			if (present !== undefined && present !== peer && present.isOpen)
				throw new ProtocolError('client-id-taken', `${client} is in use by another connection`);
			const owner = this.live.get(client);
			if (owner !== undefined && owner !== peer && owner.isOpen)
				throw new ProtocolError('client-id-taken', `${client} is in use by another connection`);
			const key = this.remembered.get(client);
			if (key !== undefined && key !== peer.participant)
				throw new ProtocolError('client-id-taken', `${client} belongs to another participant`);
		}
		for (const client of clients) {
			this.live.set(client, peer);
			if (peer.participant !== null && !this.remembered.has(client)) {
				if (this.remembered.size >= MAX_REMEMBERED_IDS) {
					// Forget the oldest binding (Map keeps insertion order).
					const oldest = this.remembered.keys().next().value;
					if (oldest !== undefined) this.remembered.delete(oldest);
				}
				this.remembered.set(client, peer.participant);
			}
		}
	}

	release(peer: Peer): void {
		for (const [client, owner] of this.live) if (owner === peer) this.live.delete(client);
	}
}
