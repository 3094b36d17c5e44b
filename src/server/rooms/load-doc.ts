/**
 * Builds a map's Y.Doc from storage: the snapshot, then the log rows in order, in one transaction
 * (one pass of Yjs's integration work instead of one per row). A stored row that does not apply is
 * reported and skipped rather than making the whole map unloadable.
 *
 * Structs or deletions left "pending" (waiting for a change that never came) are dropped: they are
 * invisible, yet Yjs writes them into every state it encodes, so maps stored before the server
 * refused incomplete updates carried megabytes of them into snapshots and sync replies.
 * `droppedPending` says so, and the room then compacts once, which removes them from storage.
 */
import * as Y from 'yjs';
import type { Storage } from '../storage/storage';

export interface LoadedDoc {
	doc: Y.Doc;
	/** Log rows after the snapshot (a compaction is due when this grows). */
	logLength: number;
	lastSeq: number;
	/** True when pending structs or deletions were found and dropped. */
	droppedPending: boolean;
}

export async function loadDoc(
	storage: Storage,
	id: string,
	onBadRow: (index: number, error: string) => void = () => {}
): Promise<LoadedDoc | null> {
	const stored = await storage.loadMap(id);
	if (!stored) return null;
	const doc = new Y.Doc();
	doc.transact(() => {
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
		stored.updates.forEach((update, index) => {
			try {
				Y.applyUpdate(doc, update);
			} catch (err) {
				onBadRow(index, (err as Error)?.message ?? String(err));
			}
		});
	});
	const droppedPending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
	doc.store.pendingStructs = null;
	doc.store.pendingDs = null;
	return { doc, logLength: stored.updates.length, lastSeq: stored.lastSeq, droppedPending };
}
