/**
 * The server's own repair of what concurrent edits can break (`$lib/model/repair.ts`): edges left
 * pointing at a deleted node or edge. Run after every applied update, so the stored document and
 * what every client converges to have no dangling edges even when no client runs the repair.
 * The change is collected like a client's update (`apply-update.ts`) so the room can store it and
 * broadcast it. The same pass upgrades a document of an older contract version (`upgradeDoc`), so a
 * v1 map stored before the v2 contract is upgraded when it is loaded, as a stored, broadcast change.
 */
import type * as Y from 'yjs';
import { mergeUpdates } from 'yjs';
import { danglingEdges, pruneDanglingEdges } from '$lib/model/repair';
import { SCHEMA_VERSION, docVersion, upgradeDoc } from '$lib/model/schema';

/** The origin of the server's repair transactions (no UndoManager tracks it). */
export const SERVER_REPAIR_ORIGIN = 'warrant-server-repair';

export type RepairResult =
	{ ok: true; pruned: number; merged: Uint8Array | null } | { ok: false; error: string };

export function repairCollecting(doc: Y.Doc): RepairResult {
	// Cheap check first: most updates break nothing, and then no transaction is made at all.
	const version = docVersion(doc);
	const outdated = version > 0 && version < SCHEMA_VERSION;
	if (!outdated && danglingEdges(doc).length === 0) return { ok: true, pruned: 0, merged: null };
	const collected: Uint8Array[] = [];
	const collect = (update: Uint8Array) => collected.push(update);
	doc.on('update', collect);
	let pruned: number;
	try {
		if (outdated) upgradeDoc(doc, SERVER_REPAIR_ORIGIN);
		pruned = pruneDanglingEdges(doc, SERVER_REPAIR_ORIGIN);
	} catch (err) {
		return { ok: false, error: (err as Error)?.message ?? String(err) };
	} finally {
		doc.off('update', collect);
	}
	if (collected.length === 0) return { ok: true, pruned, merged: null };
	return {
		ok: true,
		pruned,
		merged: collected.length === 1 ? collected[0] : mergeUpdates(collected)
	};
}
