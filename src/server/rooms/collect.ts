/**
 * The one way the server changes a document and learns exactly what changed: run `change` (apply a
 * client's update, or the server's own repair) and collect every update Yjs emits meanwhile, merged
 * into one. The merged bytes (canonical, nothing extra) are what gets stored and broadcast, never
 * the bytes a client sent.
 *
 * `Y.applyUpdate` can throw after merging part of an update: a failure means "the document is now
 * unknown", and the caller rebuilds it from storage.
 *
 * `structural` says whether a transaction touched the map's structure (a node or edge added or
 * removed, an edge's fields changed): only then can an edge have been left dangling, so only then
 * does the room run the repair check. `meta` says whether the map's meta changed (then the room
 * validates it).
 */
import * as Y from 'yjs';
import { getEdgesMap, getMetaMap, getNodesMap } from '$lib/model/doc';

export type Collected =
	| { ok: true; merged: Uint8Array | null; structural: boolean; meta: boolean }
	| { ok: false; error: string };

export function collectChanges(doc: Y.Doc, change: () => void): Collected {
	// Compared by identity with the changed types of each transaction.
	const nodes: unknown = getNodesMap(doc);
	const edges: unknown = getEdgesMap(doc);
	const meta: unknown = getMetaMap(doc);
	const collected: Uint8Array[] = [];
	let structural = false;
	let metaChanged = false;
	const onUpdate = (merged: Uint8Array) => collected.push(merged);
	const onTransaction = (tr: Y.Transaction) => {
		for (const type of tr.changed.keys()) {
			if (type === nodes || type === edges || type._item?.parent === edges) structural = true;
			else if (type === meta || type._item?.parent === meta) metaChanged = true;
		}
	};
	doc.on('update', onUpdate);
	doc.on('afterTransaction', onTransaction);
	try {
		change();
	} catch (err) {
		return { ok: false, error: (err as Error)?.message ?? String(err) };
	} finally {
		doc.off('update', onUpdate);
		doc.off('afterTransaction', onTransaction);
	}
	if (collected.length === 0) return { ok: true, merged: null, structural, meta: metaChanged };
	return {
		ok: true,
		merged: collected.length === 1 ? collected[0] : Y.mergeUpdates(collected),
		structural,
		meta: metaChanged
	};
}
