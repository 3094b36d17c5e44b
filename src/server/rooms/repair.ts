/**
 * The server's own repair of what concurrent edits can break (`$lib/model/repair.ts`): edges left
 * pointing at a deleted node or edge. Run after every applied update, so the stored document and
 * what every client converges to have no dangling edges even when no client runs the repair.
 * The change is collected like a client's update (`apply-update.ts`) so the room can store it and
 * broadcast it.
 */
import type * as Y from 'yjs';
import { mergeUpdates } from 'yjs';
import { danglingEdges, pruneDanglingEdges } from '$lib/model/repair';

/** The origin of the server's repair transactions (no UndoManager tracks it). */
export const SERVER_REPAIR_ORIGIN = 'warrant-server-repair';

export type RepairResult =
	{ ok: true; pruned: number; merged: Uint8Array | null } | { ok: false; error: string };

export function repairCollecting(doc: Y.Doc): RepairResult {
	// Cheap check first: most updates break nothing, and then no transaction is made at all.
	if (danglingEdges(doc).length === 0) return { ok: true, pruned: 0, merged: null };
	const collected: Uint8Array[] = [];
	const collect = (update: Uint8Array) => collected.push(update);
	doc.on('update', collect);
	let pruned: number;
	try {
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
