/**
 * Whether a strictly read update (`protocol/inspect-update.ts`) can be applied to a document
 * completely, decided against the state the document holds, before anything is applied:
 * - Every client's structs must continue what the document has (start at or below its clock for
 *   that client, no holes). Otherwise Yjs keeps them "pending" until the missing part arrives,
 *   which may be never: the server stored and sent such structs to every joiner (3.2 MB from 50
 *   updates). So an update that cannot be applied completely is refused (`update-incomplete`).
 * - Every id an item depends on (origin, right origin, parent) must be in the document or in the
 *   update (`update-incomplete`).
 * - A deletion may only reach ids the document or the update holds (`delete-beyond-state`): a
 *   delete set for another client's future clocks would otherwise delete that client's next node
 *   for everyone but its author.
 */
import * as Y from 'yjs';
import { ProtocolError } from '../protocol/errors';
import type { InspectedUpdate } from '../protocol/inspect-update';

/** Returns the clients under which the update writes new structs. Throws a ProtocolError. */
export function admitUpdate(doc: Y.Doc, update: InspectedUpdate): number[] {
	const fresh: number[] = [];
	const known = new Map<number, number>();
	const held = (client: number) => known.get(client) ?? Y.getState(doc.store, client);
	for (const [client, range] of update.clients) {
		const state = Y.getState(doc.store, client);
		if (range.to <= state) continue; // nothing new from this client
		if (range.gap || range.from > state)
			throw new ProtocolError(
				'update-incomplete',
				`client ${client}: the map has clocks up to ${state}, the update starts at ${range.from}${range.gap ? ' and has holes' : ''}`
			);
		known.set(client, range.to);
		fresh.push(client);
	}
	for (const [client, clock] of update.dependencies)
		if (clock >= held(client))
			throw new ProtocolError(
				'update-incomplete',
				`depends on ${client}:${clock}, which neither the map nor the update holds`
			);
	for (const [client, end] of update.deletes)
		if (end > held(client))
			throw new ProtocolError(
				'delete-beyond-state',
				`deletes client ${client} up to clock ${end}; the map holds ${held(client)}`
			);
	return fresh;
}

/** True when the document holds structs or deletions waiting for something it does not have. */
export const hasPending = (doc: Y.Doc): boolean =>
	doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
