/**
 * Applies an update to a document and reports exactly what got merged. `Y.applyUpdate` can throw
 * after merging part of an update, so the caller treats a failure as "the document is now
 * unknown" and rebuilds it from storage; on success, the merged bytes (canonical, nothing extra) are
 * what gets stored and broadcast, never the bytes the client sent.
 */
import * as Y from 'yjs';

export type ApplyResult = { ok: true; merged: Uint8Array | null } | { ok: false; error: string };

export function applyUpdateCollecting(
	doc: Y.Doc,
	update: Uint8Array,
	origin: unknown
): ApplyResult {
	const collected: Uint8Array[] = [];
	const collect = (merged: Uint8Array) => collected.push(merged);
	doc.on('update', collect);
	try {
		Y.applyUpdate(doc, update, origin);
	} catch (err) {
		return { ok: false, error: (err as Error)?.message ?? String(err) };
	} finally {
		doc.off('update', collect);
	}
	if (collected.length === 0) return { ok: true, merged: null };
	return { ok: true, merged: collected.length === 1 ? collected[0] : Y.mergeUpdates(collected) };
}
