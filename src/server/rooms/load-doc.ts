/**
 * Builds a map's Y.Doc from storage: the snapshot, then the log rows in order, in one transaction
 * (one pass of Yjs's integration work instead of one per row). A stored row that does not apply is
 * reported and skipped rather than making the whole map unloadable.
 */
import * as Y from 'yjs';
import type { Storage } from '../storage/storage';

export interface LoadedDoc {
	doc: Y.Doc;
	/** Log rows after the snapshot (a compaction is due when this grows). */
	logLength: number;
	lastSeq: number;
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
	return { doc, logLength: stored.updates.length, lastSeq: stored.lastSeq };
}
