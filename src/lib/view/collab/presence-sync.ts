/**
 * This page's presence (sync/presence.ts) on the map's awareness: who this person is, what they
 * selected, the sentence they are on and their pointer, published when it changes; the others'
 * presence read into `CollabState.peers`. Browser only.
 *
 * Teardown invariant: every listener and timer started here is released by `destroy()`.
 */
import type { WebsocketProvider } from 'y-websocket';
import {
	PointerThrottle,
	readPeers,
	type LabelCaret,
	type Point,
	type PresenceState
} from '$lib/sync/presence';
import type { LocalUser } from '$lib/sync/user';
import type { CollabState } from './collab-state.svelte';

/** What an awareness `change` event says changed (y-protocols' awareness). */
export interface AwarenessChanges {
	added: number[];
	updated: number[];
	removed: number[];
}

/** Whether an awareness change concerns this page's own presence alone (client `me`). */
export function onlyOwnChange(changes: AwarenessChanges, me: number): boolean {
	const ids = [...changes.added, ...changes.updated, ...changes.removed];
	return ids.length > 0 && ids.every((id) => id === me);
}

const same = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((x, i) => x === b[i]);

export class PresenceSync {
	private presence: PresenceState;
	private readonly throttle: PointerThrottle;
	private readonly offs: Array<() => void> = [];
	private destroyed = false;

	constructor(
		private readonly provider: WebsocketProvider,
		user: LocalUser,
		private readonly state: CollabState,
		/** Called when the others' presence changed (the overlay redraws their pointers). */
		private readonly onPeers: () => void = () => {}
	) {
		this.presence = {
			user: { id: user.id, name: user.name, colour: user.colour },
			selection: { nodes: [], edges: [] },
			sentence: null,
			pointer: null,
			caret: null
		};
		this.throttle = new PointerThrottle((pointer) => this.publish({ pointer }));
		this.watchAwareness();
		this.watchConnection();
		this.publish({});
	}

	private publish(patch: Partial<PresenceState>): void {
		if (this.destroyed) return;
		this.presence = { ...this.presence, ...patch };
		this.provider.awareness.setLocalState(this.presence);
	}

	/** The local selection and focused sentence, shown to the others (only when changed). */
	setSelection(sel: { nodes: string[]; edges: string[] }, sentence: string | null): void {
		const cur = this.presence;
		if (
			same(cur.selection.nodes, sel.nodes) &&
			same(cur.selection.edges, sel.edges) &&
			cur.sentence === sentence
		)
			return;
		this.publish({ selection: { nodes: [...sel.nodes], edges: [...sel.edges] }, sentence });
	}

	/** Where this person types in a label (null when no label editor is open); only when changed. */
	setCaret(caret: LabelCaret | null): void {
		const cur = this.presence.caret;
		if (cur === caret || (cur && caret && cur.node === caret.node && cur.at === caret.at)) return;
		this.publish({ caret });
	}

	/** The pointer in map coordinates, or null when it left the map (throttled). */
	setPointer(point: Point | null): void {
		this.throttle.update(point);
	}

	/** After the person picked a name: everyone sees it. */
	setUser(user: LocalUser): void {
		this.publish({ user: { id: user.id, name: user.name, colour: user.colour } });
	}

	private watchAwareness(): void {
		const aw = this.provider.awareness;
		const read = () => {
			this.state.peers = readPeers(aw.getStates(), aw.clientID);
			this.onPeers();
		};
		// This page's own presence changes with every throttled pointer move: the peers are the same
		// then, and publishing them anew would repaint every node's decorations many times a second.
		const onChange = (changes: AwarenessChanges) => {
			if (!onlyOwnChange(changes, aw.clientID)) read();
		};
		aw.on('change', onChange);
		this.offs.push(() => aw.off('change', onChange));
		read();
	}

	private watchConnection(): void {
		const onStatus = ({ status }: { status: string }) => {
			// When this page dropped off, the server removed its presence for the others with the
			// next clock; coming back with the same state and clock would be ignored by them until
			// the 15 s renewal. Two bumps make the state newer than that removal.
			if (status === 'connected') {
				this.publish({});
				this.publish({});
			} else this.forgetPeers();
		};
		this.provider.on('status', onStatus);
		this.offs.push(() => this.provider.off('status', onStatus));
	}

	/**
	 * The provider removes the others' presence when the connection drops, recording their clocks
	 * one ahead; the server then re-sends their unchanged states on reconnection, which that clock
	 * would reject until each peer renews (15 s). Forgetting the removed clients' clocks accepts them.
	 */
	private forgetPeers(): void {
		const aw = this.provider.awareness;
		for (const id of [...aw.meta.keys()])
			if (id !== aw.clientID && !aw.getStates().has(id)) aw.meta.delete(id);
	}

	destroy(): void {
		this.destroyed = true;
		this.throttle.destroy();
		for (const off of this.offs.splice(0)) off();
	}
}
