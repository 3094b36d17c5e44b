/**
 * Limits and timings of the server in one place, with the environment variables that override the
 * tunable ones (tests shorten the timings; an operator may raise the thresholds).
 */

/** Largest websocket frame accepted (ws `maxPayload`); a larger one closes the connection (1009). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** Largest HTTP request body accepted by the API (413 above it). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * A connection whose unsent output passes this is too slow to keep up with the room and is closed
 * (it reconnects and resyncs), so one stalled reader cannot make the server buffer without bound.
 */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Entries in one awareness message; the stock client sends one (its own state). */
export const MAX_AWARENESS_ENTRIES = 1000;

/**
 * Awareness client ids one connection may own. The stock client announces one (its doc's
 * clientID); a little slack covers a clientID that Yjs changed after a conflict.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

/**
 * Bytes of one awareness state (a name, a colour, a cursor or selection): the server keeps it and
 * sends it to every peer, so a large one would be a cheap way to flood a room.
 */
export const MAX_AWARENESS_STATE_BYTES = 64 * 1024;

export interface Tuning {
	/** A room with no connections is flushed and unloaded after this many ms. */
	unloadAfterMs: number;
	/** The update log of a map is compacted into its snapshot when it holds this many updates. */
	compactAfterUpdates: number;
	/** Heartbeat period: pings every socket and sends a keep-alive to quiet ones (the stock client gives up after 30 s of silence). */
	heartbeatMs: number;
	/** The `maps` listing row of a loaded map is refreshed at most this often. */
	summaryDebounceMs: number;
	/**
	 * Awareness changes of a room are gathered for this long and sent as one message (one frame per
	 * peer) holding every changed state. 0 sends each change at once. In a room of n moving cursors
	 * this turns n frames per peer per second into at most 1000 / awarenessBatchMs, and the stock
	 * client's echoes shrink with them.
	 */
	awarenessBatchMs: number;
	/** Serves `GET /api/debug/stats` (memory and room counts), for the bench. */
	debugStats: boolean;
}

export const DEFAULT_TUNING: Tuning = {
	unloadAfterMs: 30_000,
	compactAfterUpdates: 500,
	heartbeatMs: 10_000,
	summaryDebounceMs: 2_000,
	awarenessBatchMs: 100,
	debugStats: false
};

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min)
		throw new Error(
			`${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got ${JSON.stringify(raw)}`
		);
	return value;
}

/**
 * WARRANT_UNLOAD_MS, WARRANT_COMPACT_AFTER, WARRANT_HEARTBEAT_MS, WARRANT_SUMMARY_MS,
 * WARRANT_AWARENESS_MS (0 allowed), WARRANT_DEBUG_STATS=1.
 */
export function tuningFromEnv(env: NodeJS.ProcessEnv): Tuning {
	return {
		unloadAfterMs: positiveInt(env, 'WARRANT_UNLOAD_MS', DEFAULT_TUNING.unloadAfterMs),
		compactAfterUpdates: positiveInt(
			env,
			'WARRANT_COMPACT_AFTER',
			DEFAULT_TUNING.compactAfterUpdates
		),
		heartbeatMs: positiveInt(env, 'WARRANT_HEARTBEAT_MS', DEFAULT_TUNING.heartbeatMs),
		summaryDebounceMs: positiveInt(env, 'WARRANT_SUMMARY_MS', DEFAULT_TUNING.summaryDebounceMs),
		awarenessBatchMs: positiveInt(env, 'WARRANT_AWARENESS_MS', DEFAULT_TUNING.awarenessBatchMs, 0),
		debugStats: env.WARRANT_DEBUG_STATS === '1'
	};
}
