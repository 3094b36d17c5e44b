/**
 * A map's whole document as one update (`Y.encodeStateAsUpdate`), encoded once per change of the
 * document rather than once per reader: every editor page (its streamed state and its preview),
 * `/state`, the map file, exports and the report start from it, and a seminar opening one map at
 * once would otherwise encode the same document dozens of times on the server's one thread.
 *
 * Invariant: the bytes returned are shared by every caller until the document changes; nobody
 * writes into them or transfers their buffer.
 */
import * as Y from 'yjs';

const cache = new WeakMap<Y.Doc, { update: Uint8Array | null }>();

export function encodedState(doc: Y.Doc): Uint8Array {
	let entry = cache.get(doc);
	if (!entry) {
		const fresh: { update: Uint8Array | null } = { update: null };
		doc.on('update', () => (fresh.update = null));
		cache.set(doc, fresh);
		entry = fresh;
	}
	entry.update ??= Y.encodeStateAsUpdate(doc);
	return entry.update;
}
