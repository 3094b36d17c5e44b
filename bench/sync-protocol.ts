/**
 * What `bench/sync.bench.ts` and its client processes (`bench/sync-clients.ts`) say to each other
 * over the child-process IPC channel, and the clock both sides stamp events with.
 *
 * The clock: `process.hrtime.bigint()` reads the kernel's CLOCK_MONOTONIC, one clock for the whole
 * machine that every process and thread reads directly (no per-process origin, never stepped by NTP).
 * So a time taken in the sender's process and a time taken in a receiver's process are points on the
 * same line, and their difference is the propagation delay. (`performance.timeOrigin + now()` is not
 * used: each process samples its `timeOrigin` from the wall clock once at start, so two processes'
 * values can disagree by that sampling error.) Nanoseconds since boot stay below 2^53 for over 100
 * days, so the conversion to a double in milliseconds is exact to the nanosecond here.
 */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * One edit of the run: at time `at` (on the clock above), client `writer` (global index; its Y.Doc
 * has clientID `writerId`) sets the label of `nodeId` to `label`. Each edit is one transaction, so a
 * receiver knows it has the writer's next edit when a transaction advances `writerId`'s clock.
 */
export interface Edit {
	at: number;
	writer: number;
	writerId: number;
	nodeId: string;
	label: string;
}

/** The stock y-websocket provider, or Hocuspocus's own (the only one its server speaks). */
export type ClientProvider = 'y-websocket' | 'hocuspocus';

export type ToClients =
	/** Open one client per index in `clients`, connected to map `mapId` at `wsUrl`. */
	| { type: 'start'; provider: ClientProvider; wsUrl: string; mapId: string; clients: number[] }
	/** The whole run: writers make their edits at the planned times, receivers watch for them. */
	| { type: 'plan'; edits: Edit[] }
	/** Every writer's clock after its last edit (`[clientID, clock]`): finish once all are held. */
	| { type: 'expect'; clocks: [number, number][] }
	| { type: 'stop' };

export type FromClients =
	/**
	 * Every client of this process has synced. `clientIds`: the Y.Doc clientID of each of its
	 * clients, in the order of `start`'s `clients`; `nodeIds`: the map's node ids (sorted).
	 */
	| { type: 'synced'; clientIds: number[]; nodeIds: string[] }
	/** This process made its edits: [round, time just before the change, writer's clock after]. */
	| { type: 'wrote'; sent: [number, number, number][] }
	/**
	 * Every client of this process holds every writer's last clock. `seen`: [receiving client index,
	 * writer clientID, the writer's clock its doc now holds, time], one per advancing transaction.
	 */
	| { type: 'done'; seen: [number, number, number, number][] }
	| { type: 'error'; message: string };
