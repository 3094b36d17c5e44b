/**
 * The map as it was after log row `seq`: its checkpoint at or before `seq`, then the rows after it,
 * applied in one transaction (one pass of Yjs's integration work). Equal to what every client had
 * once the server had committed that row, because the server stores exactly what it broadcasts.
 */
import * as Y from 'yjs';
import type { HistoryStore } from '../storage/storage';

export type Rebuilt = { ok: true; doc: Y.Doc } | { ok: false; reason: 'pruned' | 'no-map' };

export async function rebuildAt(store: HistoryStore, id: string, seq: number): Promise<Rebuilt> {
	const found = await store.stateAt(id, seq);
	if (found === null) return { ok: false, reason: 'no-map' };
	if (found === 'pruned') return { ok: false, reason: 'pruned' };
	const doc = new Y.Doc();
	doc.transact(() => {
		Y.applyUpdate(doc, found.base);
		for (const update of found.updates) Y.applyUpdate(doc, update);
	});
	return { ok: true, doc };
}
