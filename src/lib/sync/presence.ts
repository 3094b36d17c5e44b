/**
 * Presence through Yjs awareness: one small state per connection,
 *   { user: { id, name, colour }, selection: { nodes, edges }, sentence, pointer, caret }
 * with the pointer in map (model) coordinates, the caret where this person types in a label (node id
 * and character offset; others draw it in their label editor), so that each viewer converts it with their own pan
 * and zoom. Peers can send anything: `readPeers` validates and caps every field. Pure apart from
 * the timer in `PointerThrottle`.
 */

export interface PresenceUser {
	id: string;
	name: string;
	colour: string;
}

export interface Point {
	x: number;
	y: number;
}

export interface PresenceState {
	user: PresenceUser;
	selection: { nodes: string[]; edges: string[] };
	sentence: string | null;
	pointer: Point | null;
	/** Where this person's caret is in a label they are editing, or null. */
	caret: LabelCaret | null;
}

export interface LabelCaret {
	node: string;
	/** Character offset in the label (as this person's text has it). */
	at: number;
}

/** Longest label (schema's node text cap): a caret beyond it is nonsense. */
const MAX_CARET = 10_000;

export interface Peer extends PresenceState {
	/** The Yjs client id of the connection. */
	clientId: number;
}

/** More selected ids than this are not shown to others (a select-all is not worth a ring each). */
export const MAX_SHARED_SELECTION = 200;
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const ID = /^[A-Za-z0-9_:-]{1,64}$/;

const ids = (v: unknown): string[] =>
	Array.isArray(v)
		? v
				.filter((x): x is string => typeof x === 'string' && ID.test(x))
				.slice(0, MAX_SHARED_SELECTION)
		: [];

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A peer's awareness state as presence, or null when it has no valid user. */
export function readPresence(raw: unknown): PresenceState | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	const u = r.user as Record<string, unknown> | undefined;
	if (!u || typeof u.id !== 'string' || typeof u.name !== 'string') return null;
	const name = u.name.trim().slice(0, 60);
	if (!u.id || !name) return null;
	const sel = (r.selection ?? {}) as Record<string, unknown>;
	const p = r.pointer as Record<string, unknown> | null | undefined;
	const c = r.caret as Record<string, unknown> | null | undefined;
	return {
		user: {
			id: u.id.slice(0, 64),
			name,
			colour: typeof u.colour === 'string' && COLOUR.test(u.colour) ? u.colour : '#52525b'
		},
		selection: { nodes: ids(sel.nodes), edges: ids(sel.edges) },
		sentence: typeof r.sentence === 'string' && ID.test(r.sentence) ? r.sentence : null,
		pointer: p && finite(p.x) && finite(p.y) ? { x: p.x, y: p.y } : null,
		caret:
			c &&
			typeof c.node === 'string' &&
			ID.test(c.node) &&
			Number.isInteger(c.at) &&
			(c.at as number) >= 0 &&
			(c.at as number) <= MAX_CARET
				? { node: c.node, at: c.at as number }
				: null
	};
}

/** Every other connection's presence, in a stable order (by name, then client id). */
export function readPeers(states: ReadonlyMap<number, unknown>, selfClientId: number): Peer[] {
	const out: Peer[] = [];
	for (const [clientId, raw] of states) {
		if (clientId === selfClientId) continue;
		const p = readPresence(raw);
		if (p) out.push({ ...p, clientId });
	}
	return out.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

/**
 * The people present, one entry per person (a person with two tabs open is one person), `self`
 * first. The header's count is this list's length.
 */
export function peopleOf(self: PresenceUser, peers: readonly Peer[]): PresenceUser[] {
	const seen = new Set([self.id]);
	const out = [self];
	for (const p of peers) {
		if (seen.has(p.user.id)) continue;
		seen.add(p.user.id);
		out.push(p.user);
	}
	return out;
}

export interface Mark {
	name: string;
	colour: string;
}

/** Which peers have each node, edge and sentence selected: what the rings and marks show. */
export function peerMarks(peers: readonly Peer[]): {
	nodes: Map<string, Mark[]>;
	edges: Map<string, Mark[]>;
	sentences: Map<string, Mark[]>;
} {
	const nodes = new Map<string, Mark[]>();
	const edges = new Map<string, Mark[]>();
	const sentences = new Map<string, Mark[]>();
	const add = (m: Map<string, Mark[]>, id: string, mark: Mark) => {
		const list = m.get(id);
		if (!list) m.set(id, [mark]);
		else if (!list.some((x) => x.name === mark.name && x.colour === mark.colour)) list.push(mark);
	};
	for (const p of peers) {
		const mark = { name: p.user.name, colour: p.user.colour };
		for (const id of p.selection.nodes) add(nodes, id, mark);
		for (const id of p.selection.edges) add(edges, id, mark);
		if (p.sentence) add(sentences, p.sentence, mark);
	}
	return { nodes, edges, sentences };
}

/** Pointers are sent in whole map units: sub-unit moves are not worth a message. */
export const roundPoint = (p: Point | null): Point | null =>
	p ? { x: Math.round(p.x), y: Math.round(p.y) } : null;

const samePoint = (a: Point | null, b: Point | null) =>
	a === b || (!!a && !!b && a.x === b.x && a.y === b.y);

export interface Clock {
	now: () => number;
	setTimeout: (fn: () => void, ms: number) => unknown;
	clearTimeout: (handle: unknown) => void;
}

const realClock: Clock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
};

/**
 * Sends pointer positions at most once per `intervalMs` (100 ms: ≤ 10 per second), and only when
 * the rounded position changed. The last position of a burst is always sent (trailing edge), so a
 * pointer that stops is shown where it stopped. `null` (pointer left the map) is sent the same way.
 */
export class PointerThrottle {
	private sent: Point | null = null;
	private pending: { p: Point | null } | null = null;
	private lastSentAt = -Infinity;
	private timer: unknown = null;

	constructor(
		private readonly send: (p: Point | null) => void,
		private readonly intervalMs = 100,
		private readonly clock: Clock = realClock
	) {}

	update(point: Point | null): void {
		const p = roundPoint(point);
		if (this.timer === null && samePoint(p, this.sent)) return;
		this.pending = { p };
		if (this.timer !== null) return;
		const wait = this.lastSentAt + this.intervalMs - this.clock.now();
		if (wait <= 0) this.flush();
		else this.timer = this.clock.setTimeout(() => this.flush(), wait);
	}

	private flush(): void {
		this.timer = null;
		const next = this.pending;
		this.pending = null;
		if (!next || samePoint(next.p, this.sent)) return;
		this.sent = next.p;
		this.lastSentAt = this.clock.now();
		this.send(next.p);
	}

	destroy(): void {
		if (this.timer !== null) this.clock.clearTimeout(this.timer);
		this.timer = null;
		this.pending = null;
	}
}
