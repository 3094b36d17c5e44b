/**
 * What `bench/scale-crowd.bench.ts` and its client processes (`bench/crowd-clients.ts`) say to
 * each other over the IPC channel (`serialization: 'advanced'`, so typed arrays pass as they are).
 * Times are on the machine-wide clock of `sync-protocol.ts` (`now()`), so a time stamped in one
 * process and one stamped in another are comparable.
 */

/** One client to open: global index, the map (room) it joins, the server it connects to. */
export interface CrowdClient {
	index: number;
	mapId: string;
	wsUrl: string;
}

export type ToCrowd =
	/** Open these clients, `wave` at a time (each wave synced before the next opens). */
	| { type: 'start'; clients: CrowdClient[]; wave: number; seed: number }
	/**
	 * Move the cursor once a second and edit once every `editEveryMs`, each client at its own seeded
	 * phase, until `until`. Edits made at or after `measureFrom` are reported (`wrote`); cursor
	 * arrivals stamped at or after `measureFrom` are measured.
	 */
	| { type: 'run'; until: number; measureFrom: number; cursorEveryMs: number; editEveryMs: number }
	/**
	 * Per map, every writer's clock after its last edit ([clientID, clock]): report once each
	 * client holds those of its map.
	 */
	| { type: 'expect'; byMap: [string, [number, number][]][] }
	| { type: 'stop' };

export type FromCrowd =
	/** Every client synced: [index, Y.Doc clientID] each, and the map's node ids (same in every room). */
	| { type: 'synced'; clients: [number, number][]; nodeIds: string[] }
	/** The activity is over: each measured edit as [writer index, time before it, clock after it]. */
	| { type: 'wrote'; sent: [number, number, number][] }
	/**
	 * Every client holds every writer's last clock. `seen`: [receiver index, writer clientID, the
	 * writer's clock now held, time] for each advancing transaction since `measureFrom`;
	 * `cursorDelays`: ms from a cursor move to its arrival at each other client of the room.
	 */
	| { type: 'done'; seen: [number, number, number, number][]; cursorDelays: Float64Array }
	| { type: 'error'; message: string };
