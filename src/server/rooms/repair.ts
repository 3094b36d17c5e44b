/**
 * The server's own repair of what concurrent edits can break (`$lib/model/repair.ts`): edges left
 * pointing at a deleted node or edge. Run after every applied update that touched the map's
 * structure (and after loading), so the stored document and what every client converges to have
 * no dangling edges even when no client runs the repair. The change is collected like a client's
 * update (`collect.ts`) so the room can store it and broadcast it. The check is linear in the
 * number of edges. The same pass upgrades a document of an older contract version (`upgradeDoc`),
 * so a v1 map stored before the v2 contract is upgraded when it is loaded, as a stored, broadcast
 * change.
 */
import type * as Y from 'yjs';
import { danglingEdges, pruneDanglingEdges } from '$lib/model/repair';
import { SCHEMA_VERSION, docVersion, upgradeDoc } from '$lib/model/schema';
import { collectChanges } from './collect';

/** The origin of the server's repair transactions (no UndoManager tracks it). */
export const SERVER_REPAIR_ORIGIN = 'warrant-server-repair';

export type RepairResult =
	{ ok: true; pruned: number; merged: Uint8Array | null } | { ok: false; error: string };

export function repairCollecting(doc: Y.Doc): RepairResult {
	// Cheap check first: most updates break nothing, and then no transaction is made at all.
	const version = docVersion(doc);
	const outdated = version > 0 && version < SCHEMA_VERSION;
	if (!outdated && danglingEdges(doc).length === 0) return { ok: true, pruned: 0, merged: null };
	let pruned = 0;
	const result = collectChanges(doc, () => {
		if (outdated) upgradeDoc(doc, SERVER_REPAIR_ORIGIN);
		pruned = pruneDanglingEdges(doc, SERVER_REPAIR_ORIGIN);
	});
	return result.ok ? { ok: true, pruned, merged: result.merged } : result;
}
