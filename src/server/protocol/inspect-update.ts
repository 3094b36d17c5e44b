/**
 * Strict reading of a Yjs (v1) update before anything applies it, bounded by a work budget.
 *
 * Why not `Y.decodeUpdate`: it builds every struct before anyone can count them (an 8 MiB frame of
 * tiny structs takes over a second), and lib0 turns some malformed varints into NaN or Infinity
 * instead of failing (a clock padded with 0x80 bytes), which Yjs then silently mis-applies: a NaN
 * clock in a delete set removed an item on the server only. So this walks the update's layout
 * itself, building nothing, and stops as soon as:
 * - a number that must be an id, clock, length or count is not a safe non-negative integer,
 *   or a value inside content is a non-finite number;
 * - the bytes end early or continue after the delete set;
 * - the structs plus delete ranges pass `maxCost` (the per-update budget, `update-over-budget`).
 *
 * Layout (Yjs UpdateEncoderV1): varUint clientCount, then per client varUint structCount,
 * varUint client, varUint firstClock, and each struct: uint8 info; info&31 = 0 GC (varUint len),
 * 10 Skip (varUint len), else an item: [origin id if info&128] [right origin id if info&64]
 * [if neither: varUint parentIsRoot, then root name (string) or parent id; parentSub string if
 * info&32], then its content by ref (info&31). Then the delete set: varUint clientCount, per client
 * varUint client, varUint rangeCount, ranges of varUint clock, varUint len.
 *
 * The result says per client what the update holds and which ids it depends on, which the room
 * compares with the state it has (see `rooms/admit-update.ts`).
 */
import * as decoding from 'lib0/decoding';
import { ProtocolError } from './errors';

/** The structs of one client in an update: clocks [from, to), contiguous unless `gap`. */
export interface ClientRange {
	from: number;
	to: number;
	/** A Skip struct, or a block of the same client again (a hole the update does not fill). */
	gap: boolean;
}

export interface InspectedUpdate {
	/** Structs plus delete ranges: the units of work applying this update costs. */
	cost: number;
	clients: Map<number, ClientRange>;
	/** Per client, the highest clock of another client's id that an item depends on. */
	dependencies: Map<number, number>;
	/** Per client, the end of the highest deleted range (`clock + len`). */
	deletes: Map<number, number>;
	/** True when the update carries nothing (no structs, no deletions). */
	empty: boolean;
	/**
	 * Per root type, the items the update sets a key of directly (at most that many new keys: a
	 * node or edge each for the roots `nodes` and `edges`), for the room's size check before applying.
	 */
	rootKeys: Map<string, number>;
}

const fail = (detail: string): never => {
	throw new ProtocolError('bad-update', detail);
};

/** A varUint that must be a safe integer (lib0 returns NaN/Infinity for some padded encodings). */
function count(decoder: decoding.Decoder, what: string): number {
	const n = decoding.readVarUint(decoder);
	if (!Number.isSafeInteger(n)) fail(`${what} is not an integer`);
	return n;
}

/** Numbers in JSON-like content must be finite (NaN and Infinity are not JSON, and break exports). */
function checkValue(value: unknown, depth = 0): void {
	if (depth > 64) fail('content nests deeper than 64 levels');
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) fail(`content holds the number ${value}`);
	} else if (Array.isArray(value)) {
		for (const v of value) checkValue(v, depth + 1);
	} else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
		for (const v of Object.values(value)) checkValue(v, depth + 1);
	}
}

function readJson(decoder: decoding.Decoder, what: string): void {
	const text = decoding.readVarString(decoder);
	if (what === 'json' && text === 'undefined') return; // ContentJSON's encoding of undefined
	try {
		checkValue(JSON.parse(text));
	} catch (err) {
		if (err instanceof ProtocolError) throw err;
		fail(`${what} content is not JSON`);
	}
}

/**
 * Characters one text struct may hold. A node's text is at most 10,000 characters (the contract),
 * so no honest insert is longer; a 2 MB one cost the event loop hundreds of ms to apply and store.
 */
export const MAX_TEXT_STRUCT_CHARS = 100_000;

/** Type refs of ContentType: YArray, YMap, YText, YXmlElement (named), YXmlFragment, YXmlHook (named), YXmlText. */
const NAMED_TYPE_REFS = new Set([3, 5]);
const MAX_TYPE_REF = 6;

/** Reads one item's content; returns its length in clock units. */
function readContent(decoder: decoding.Decoder, ref: number, onCost: (n: number) => void): number {
	switch (ref) {
		case 1: {
			// ContentDeleted
			const len = count(decoder, 'deleted length');
			if (len === 0) fail('deleted content of length 0');
			return len;
		}
		case 2: {
			// ContentJSON
			const len = count(decoder, 'json length');
			onCost(len);
			for (let i = 0; i < len; i++) readJson(decoder, 'json');
			return len;
		}
		case 3: // ContentBinary
			decoding.readVarUint8Array(decoder);
			return 1;
		case 4: {
			// ContentString (length in UTF-16 units, as Yjs counts it)
			const length = decoding.readVarString(decoder).length;
			if (length > MAX_TEXT_STRUCT_CHARS)
				throw new ProtocolError(
					'update-over-budget',
					`a text of ${length} characters in one struct; the limit is ${MAX_TEXT_STRUCT_CHARS}`
				);
			return length;
		}
		case 5: // ContentEmbed
			readJson(decoder, 'embed');
			return 1;
		case 6: // ContentFormat
			decoding.readVarString(decoder);
			readJson(decoder, 'format');
			return 1;
		case 7: {
			// ContentType
			const typeRef = count(decoder, 'type ref');
			if (typeRef > MAX_TYPE_REF) fail(`unknown type ref ${typeRef}`);
			if (NAMED_TYPE_REFS.has(typeRef)) decoding.readVarString(decoder);
			return 1;
		}
		case 8: {
			// ContentAny
			const len = count(decoder, 'any length');
			onCost(len);
			for (let i = 0; i < len; i++) checkValue(decoding.readAny(decoder));
			return len;
		}
		case 9: // ContentDoc
			decoding.readVarString(decoder);
			checkValue(decoding.readAny(decoder));
			return 1;
		default:
			return fail(`unknown content ref ${ref}`);
	}
}

function walk(update: Uint8Array, maxCost: number): InspectedUpdate {
	const decoder = decoding.createDecoder(update);
	let cost = 0;
	const spend = (n: number) => {
		cost += n;
		if (cost > maxCost)
			throw new ProtocolError(
				'update-over-budget',
				`more than ${maxCost} structs and deletions in one update`
			);
	};
	const clients = new Map<number, ClientRange>();
	const dependencies = new Map<number, number>();
	const depend = (client: number, clock: number, of: number, ofClock: number) => {
		// Yjs waits for ids of other clients ("pending"); an id of the same client must be earlier,
		// or integrating the item throws half-way through the update.
		if (client === of) {
			if (clock >= ofClock)
				fail(`struct ${of}:${ofClock} refers to its own client's later clock ${clock}`);
			return;
		}
		const seen = dependencies.get(client);
		if (seen === undefined || clock > seen) dependencies.set(client, clock);
	};
	const readId = (what: string, of: number, ofClock: number) => {
		const client = count(decoder, `${what} client`);
		const clock = count(decoder, `${what} clock`);
		depend(client, clock, of, ofClock);
	};

	let structs = 0;
	const rootKeys = new Map<string, number>();
	const blocks = count(decoder, 'client count');
	spend(blocks);
	for (let b = 0; b < blocks; b++) {
		const n = count(decoder, 'struct count');
		spend(n);
		const client = count(decoder, 'client');
		let clock = count(decoder, 'clock');
		const seen = clients.get(client);
		const range: ClientRange = seen ?? { from: clock, to: clock, gap: false };
		if (seen) range.gap = true; // Yjs writes one block per client; a second one is not contiguous
		clients.set(client, range);
		for (let i = 0; i < n; i++) {
			const info = decoding.readUint8(decoder);
			const ref = info & 31;
			let length: number;
			if (ref === 0 || ref === 10) {
				length = count(decoder, 'length');
				if (ref === 10) range.gap = true;
			} else {
				if (info & 128) readId('origin', client, clock);
				if (info & 64) readId('right origin', client, clock);
				if ((info & (128 | 64)) === 0) {
					const parentIsRoot = count(decoder, 'parent info');
					let root: string | null = null;
					if (parentIsRoot === 1) root = decoding.readVarString(decoder);
					else if (parentIsRoot === 0) readId('parent', client, clock);
					else fail(`parent info ${parentIsRoot}`);
					if (info & 32) {
						decoding.readVarString(decoder);
						if (root !== null) rootKeys.set(root, (rootKeys.get(root) ?? 0) + 1);
					}
				}
				length = readContent(decoder, ref, spend);
			}
			if (length === 0) fail(`struct ${client}:${clock} has length 0`);
			clock += length;
			if (!Number.isSafeInteger(clock)) fail(`clock of client ${client} overflows`);
			structs++;
		}
		range.to = Math.max(range.to, clock);
	}

	const deletes = new Map<number, number>();
	let ranges = 0;
	const dsClients = count(decoder, 'delete set client count');
	spend(dsClients);
	for (let c = 0; c < dsClients; c++) {
		const client = count(decoder, 'delete set client');
		const n = count(decoder, 'delete range count');
		spend(n);
		for (let i = 0; i < n; i++) {
			const clock = count(decoder, 'delete clock');
			const len = count(decoder, 'delete length');
			if (len === 0 || !Number.isSafeInteger(clock + len))
				fail(`delete range ${client}:${clock}+${len}`);
			deletes.set(client, Math.max(deletes.get(client) ?? 0, clock + len));
			ranges++;
		}
	}
	if (decoding.hasContent(decoder))
		fail(`${update.length - decoder.pos} bytes after the delete set`);
	return { cost, clients, dependencies, deletes, empty: structs === 0 && ranges === 0, rootKeys };
}

export function inspectUpdate(update: Uint8Array, maxCost: number): InspectedUpdate {
	try {
		return walk(update, maxCost);
	} catch (err) {
		if (err instanceof ProtocolError) throw err;
		// lib0 throws on reads past the end and on malformed UTF-8 / any values.
		throw new ProtocolError('bad-update', (err as Error)?.message ?? String(err));
	}
}
