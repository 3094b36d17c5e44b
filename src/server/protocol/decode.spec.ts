/** decodeClientMessage over a table of good and bad frames. */
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeClientMessage } from './decode';
import {
	encodeAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	KEEPALIVE_FRAME
} from './encode';
import type { RefusalCode } from './errors';
import type { ClientMessageKind } from './messages';

const doc = new Y.Doc();
doc.getText('t').insert(0, 'hello world');
doc.getMap('m').set('k', { nested: [1, 2] });
const update = Y.encodeStateAsUpdate(doc);
const stateVector = Y.encodeStateVector(doc);

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
	const e = encoding.createEncoder();
	for (const part of parts) part(e);
	return encoding.toUint8Array(e);
}
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n);
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b);
const raw = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeUint8Array(e, b);

function awarenessUpdate(entries: Array<[number, number, string]>): Uint8Array {
	return frame(
		uint(entries.length),
		...entries.map(([id, clock, json]) => (e: encoding.Encoder) => {
			encoding.writeVarUint(e, id);
			encoding.writeVarUint(e, clock);
			encoding.writeVarString(e, json);
		})
	);
}

const good: Array<[string, Uint8Array, ClientMessageKind]> = [
	['sync step 1', encodeSyncStep1(stateVector), 'sync-step1'],
	[
		'sync step 1 with an empty state vector',
		encodeSyncStep1(Y.encodeStateVector(new Y.Doc())),
		'sync-step1'
	],
	['sync step 2', encodeSyncStep2(update), 'sync-step2'],
	['update', encodeUpdate(update), 'update'],
	['empty update (no structs, no deletes)', encodeUpdate(new Uint8Array([0, 0])), 'update'],
	[
		'awareness with a state',
		encodeAwareness(awarenessUpdate([[7, 1, '{"user":{"name":"A"}}']])),
		'awareness'
	],
	[
		'awareness removal (state null)',
		encodeAwareness(awarenessUpdate([[7, 2, 'null']])),
		'awareness'
	],
	['awareness keep-alive (no entries)', KEEPALIVE_FRAME, 'awareness'],
	['query awareness', frame(uint(3)), 'query-awareness'],
	// Padded varints (a continuation bit on a zero byte) decode to the same number: the kind comes
	// from reading the varint, so `80 00` is a sync message and `82 00` an update, whatever the bytes.
	[
		'sync message type padded (80 00), update',
		frame(raw(Uint8Array.of(0x80, 0x00)), uint(2), bytes(update)),
		'update'
	],
	[
		'update sync type padded (82 00)',
		frame(uint(0), raw(Uint8Array.of(0x82, 0x00)), bytes(update)),
		'update'
	],
	[
		'step 2 sync type padded (81 80 00)',
		frame(uint(0), raw(Uint8Array.of(0x81, 0x80, 0x00)), bytes(update)),
		'sync-step2'
	],
	[
		'both padded (80 80 00, 82 00)',
		frame(raw(Uint8Array.of(0x80, 0x80, 0x00, 0x82, 0x00)), bytes(update)),
		'update'
	],
	[
		'awareness type padded (81 00)',
		frame(raw(Uint8Array.of(0x81, 0x00)), bytes(awarenessUpdate([[7, 1, '{}']]))),
		'awareness'
	]
];

const bad: Array<[string, Uint8Array, RefusalCode]> = [
	['empty frame', new Uint8Array(0), 'empty-frame'],
	['unknown message type', frame(uint(9)), 'unknown-message-type'],
	['auth from a client', frame(uint(2), uint(0), bytes(new Uint8Array())), 'unsupported-message'],
	['sync without a sync type', frame(uint(0)), 'truncated'],
	['unknown sync type', frame(uint(0), uint(7), bytes(update)), 'unknown-sync-type'],
	[
		'update length beyond the frame',
		frame(uint(0), uint(2), uint(update.length + 5), raw(update)),
		'truncated'
	],
	[
		'update cut short inside its bytes',
		encodeUpdate(update.slice(0, update.length - 1)),
		'bad-update'
	],
	['update of garbage', encodeUpdate(new Uint8Array([5, 200, 1, 7, 7, 7, 7])), 'bad-update'],
	[
		'update with trailing bytes after the message',
		frame(raw(encodeUpdate(update)), raw(new Uint8Array([1]))),
		'trailing-bytes'
	],
	[
		'step 1 with a truncated state vector',
		encodeSyncStep1(new Uint8Array([2, 1])),
		'bad-state-vector'
	],
	[
		'step 1 with bytes after the state vector',
		encodeSyncStep1(new Uint8Array([0, 9])),
		'trailing-bytes'
	],
	['query awareness with trailing bytes', frame(uint(3), uint(0)), 'trailing-bytes'],
	[
		'awareness whose state is not JSON',
		encodeAwareness(awarenessUpdate([[1, 1, '{oops']])),
		'bad-awareness'
	],
	[
		'awareness whose state is an array',
		encodeAwareness(awarenessUpdate([[1, 1, '[1]']])),
		'bad-awareness'
	],
	[
		'awareness with fewer entries than announced',
		encodeAwareness(frame(uint(2), uint(1), uint(1), (e) => encoding.writeVarString(e, '{}'))),
		'bad-awareness'
	],
	[
		'awareness with bytes after its entries',
		encodeAwareness(frame(raw(awarenessUpdate([[1, 1, '{}']])), uint(0))),
		'trailing-bytes'
	],
	[
		'awareness with a huge state',
		encodeAwareness(awarenessUpdate([[1, 1, JSON.stringify({ junk: 'x'.repeat(70_000) })]])),
		'bad-awareness'
	],
	['awareness with too many entries', encodeAwareness(frame(uint(100_000))), 'bad-awareness'],
	['awareness payload length beyond the frame', frame(uint(1), uint(50), uint(0)), 'truncated'],
	['varint that never ends', new Uint8Array([0x80, 0x80, 0x80]), 'truncated']
];

describe('decodeClientMessage', () => {
	it.each(good)('accepts %s', (_name, bytesIn, kind) => {
		const result = decodeClientMessage(bytesIn);
		expect(result.ok ? result.message.kind : result.error.message).toBe(kind);
	});

	it.each(bad)('refuses %s', (_name, bytesIn, code) => {
		const result = decodeClientMessage(bytesIn);
		expect(result.ok ? `accepted as ${result.message.kind}` : result.error.code).toBe(code);
	});

	it('returns the payload bytes, copied out of the frame', () => {
		const bytesIn = encodeUpdate(update);
		const result = decodeClientMessage(bytesIn);
		if (!result.ok || result.message.kind !== 'update') throw new Error('expected an update');
		bytesIn.fill(0);
		expect(result.message.update).toEqual(update);
	});

	it('parses awareness entries', () => {
		const result = decodeClientMessage(
			encodeAwareness(
				awarenessUpdate([
					[42, 3, '{"cursor":1}'],
					[43, 1, 'null']
				])
			)
		);
		if (!result.ok || result.message.kind !== 'awareness') throw new Error('expected awareness');
		expect(result.message.entries).toEqual([
			{ clientId: 42, clock: 3, state: { cursor: 1 } },
			{ clientId: 43, clock: 1, state: null }
		]);
	});
});
