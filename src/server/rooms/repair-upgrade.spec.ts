/** A map stored by a v1 server is upgraded to the current contract by the room's repair pass. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION, docVersion } from '$lib/model/schema';
import { shippedMaps as shipped, v1Doc } from '$tests/fixtures/shipped-maps';
import { repairCollecting } from './repair';

describe.each(shipped)('maps/%s stored as v1', (_name, text) => {
	it('is upgraded by the repair pass as one change the room can store and send', () => {
		const doc = v1Doc(text);
		// A client that holds the stored v1 state receives the server's change and is upgraded too.
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		const result = repairCollecting(doc);
		expect(result).toMatchObject({ ok: true, pruned: 0 });
		const merged = result.ok ? result.merged : null;
		if (!merged) throw new Error('the upgrade made no change to store');
		Y.applyUpdate(peer, merged);
		expect(docVersion(peer)).toBe(SCHEMA_VERSION);
		// Nothing more to do afterwards: no transaction at all.
		expect(repairCollecting(doc)).toEqual({ ok: true, pruned: 0, merged: null });
	});
});
