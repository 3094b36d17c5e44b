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

/**
 * History (issue 14): steps in one page of `GET /api/maps/<id>/history/steps` (default and most).
 * The panel asks for pages as the scrubber reaches them; a page is one bounded storage read.
 */
export const HISTORY_STEPS_PAGE = 500;
export const HISTORY_STEPS_PAGE_MAX = 2000;
/**
 * Stored updates in one answer of `GET /api/maps/<id>/history/updates` (the browser's replay): the
 * rows after a checkpoint, which compaction keeps to a few hundred; an answer never carries more.
 */
export const HISTORY_UPDATES_MAX = 2000;

/**
 * History rows read from storage in one turn of the event loop when a route needs the whole log
 * (sessions, the report, a moment given as a time): the read yields between pages, so a log of
 * 100,000 rows costs many short turns, never one long stall. The grouping itself runs in a worker.
 */
export const HISTORY_READ_PAGE = 2000;

export interface Tuning {
	/** A room with no connections is flushed and unloaded after this many ms. */
	unloadAfterMs: number;
	/** The update log of a map is compacted into its snapshot when it holds this many updates. */
	compactAfterUpdates: number;
	/**
	 * Shared storage (PostgreSQL): how often loaded maps are checked against what other processes
	 * committed (the safety net under the bus).
	 */
	catchUpMs: number;
	/**
	 * Shared storage (PostgreSQL): the appends that arrive while a commit runs go together in the
	 * next transaction (`storage/postgres.ts`); false commits each update alone.
	 */
	groupCommit: boolean;
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
	/**
	 * Work one update may cost: its structs plus delete ranges. Above it the update is refused
	 * (`update-over-budget`) before anything is applied, which bounds the event-loop time of any
	 * frame (about 4.5 µs per struct to read, apply, store and send: 10,000 ≈ 45 ms). Honest edits
	 * are a few structs; a sync after a long offline session may be a few thousand.
	 */
	maxUpdateCost: number;
	/** Nodes and edges one map may hold: imports above are refused (413), updates too (`map-too-large`). */
	maxNodes: number;
	maxEdges: number;
	/** Open websocket connections from one remote address (503 `too-many-connections` beyond). */
	maxConnectionsPerAddress: number;
	/** Open websocket connections to one map. */
	maxConnectionsPerMap: number;
	/** A fragmented message must be completed within this many ms, or the connection is closed. */
	incompleteMessageMs: number;
	/** Bytes buffered for unfinished fragmented messages across the process; the largest holder is closed beyond it. */
	maxIncompleteBytes: number;
	/** Awareness updates per second one connection may send; the excess is dropped, not relayed. */
	awarenessPerSecond: number;
	/** Awareness bytes per second one connection may send; the excess is dropped. */
	awarenessBytesPerSecond: number;
	/** Worker threads for heavy work (exports, page previews, imports: `work/pool.ts`). */
	workers: number;
	/** Jobs waiting for a worker; beyond it the request is answered 503. */
	workQueue: number;
	/** A job running longer is stopped (its worker replaced) and the request fails. */
	workTimeoutMs: number;
	/** Heap of each worker (MB). */
	workHeapMb: number;
	/** Maps with more nodes get no picture in the editor page's HTML (the essay still comes). */
	previewMaxNodes: number;
	/**
	 * A map whose whole document (its Yjs update) is larger than this many bytes is not carried in
	 * the editor page's HTML (base64, a third larger): the page fetches it from `/state` instead
	 * (page-state.ts). 4 MiB holds a 5,000-node map (2.1 MB).
	 */
	pageStateMaxBytes: number;
	/** History: quiet of at least this many ms ends a session (a burst of editing). */
	sessionGapMs: number;
	/**
	 * History older than this many days is pruned at compaction (named versions are kept); null
	 * keeps everything (`WARRANT_HISTORY_DAYS` unset).
	 */
	historyDays: number | null;
}

export const DEFAULT_TUNING: Tuning = {
	unloadAfterMs: 30_000,
	compactAfterUpdates: 500,
	catchUpMs: 1000,
	groupCommit: true,
	heartbeatMs: 10_000,
	summaryDebounceMs: 2_000,
	awarenessBatchMs: 100,
	debugStats: false,
	maxUpdateCost: 10_000,
	maxNodes: 10_000,
	maxEdges: 20_000,
	maxConnectionsPerAddress: 64,
	maxConnectionsPerMap: 500,
	incompleteMessageMs: 10_000,
	maxIncompleteBytes: 64 * 1024 * 1024,
	awarenessPerSecond: 20,
	awarenessBytesPerSecond: 64 * 1024,
	workers: 1,
	workQueue: 32,
	workTimeoutMs: 30_000,
	workHeapMb: 512,
	previewMaxNodes: 1_000,
	pageStateMaxBytes: 4 * 1024 * 1024,
	sessionGapMs: 30 * 60_000,
	historyDays: null
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

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	if (raw !== '0' && raw !== '1')
		throw new Error(`${name} must be 0 or 1, got ${JSON.stringify(raw)}`);
	return raw === '1';
}

/** The environment variable of each numeric tuning value (README, "Limits"). */
const ENV_NAMES = {
	unloadAfterMs: 'WARRANT_UNLOAD_MS',
	compactAfterUpdates: 'WARRANT_COMPACT_AFTER',
	catchUpMs: 'WARRANT_CATCHUP_MS',
	heartbeatMs: 'WARRANT_HEARTBEAT_MS',
	summaryDebounceMs: 'WARRANT_SUMMARY_MS',
	maxUpdateCost: 'WARRANT_MAX_UPDATE_COST',
	maxNodes: 'WARRANT_MAX_NODES',
	maxEdges: 'WARRANT_MAX_EDGES',
	maxConnectionsPerAddress: 'WARRANT_MAX_CONNECTIONS_PER_ADDRESS',
	maxConnectionsPerMap: 'WARRANT_MAX_CONNECTIONS_PER_MAP',
	incompleteMessageMs: 'WARRANT_INCOMPLETE_MESSAGE_MS',
	maxIncompleteBytes: 'WARRANT_MAX_INCOMPLETE_BYTES',
	awarenessPerSecond: 'WARRANT_AWARENESS_PER_SECOND',
	awarenessBytesPerSecond: 'WARRANT_AWARENESS_BYTES_PER_SECOND',
	workers: 'WARRANT_WORKERS',
	workQueue: 'WARRANT_WORK_QUEUE',
	workTimeoutMs: 'WARRANT_WORK_TIMEOUT_MS',
	workHeapMb: 'WARRANT_WORK_HEAP_MB',
	previewMaxNodes: 'WARRANT_PREVIEW_MAX_NODES',
	pageStateMaxBytes: 'WARRANT_PAGE_STATE_MAX_BYTES',
	sessionGapMs: 'WARRANT_SESSION_GAP_MS'
} as const;

/**
 * The WARRANT_* variables of ENV_NAMES (positive integers), WARRANT_AWARENESS_MS (0 allowed),
 * WARRANT_DEBUG_STATS=1, WARRANT_HISTORY_DAYS (a positive integer, or unset: keep everything),
 * WARRANT_GROUP_COMMIT (`0` off, `1` or unset on).
 */
export function tuningFromEnv(env: NodeJS.ProcessEnv): Tuning {
	const numbers = Object.fromEntries(
		Object.entries(ENV_NAMES).map(([key, name]) => [
			key,
			positiveInt(env, name, DEFAULT_TUNING[key as keyof typeof ENV_NAMES])
		])
	) as Pick<Tuning, keyof typeof ENV_NAMES>;
	return {
		...numbers,
		awarenessBatchMs: positiveInt(env, 'WARRANT_AWARENESS_MS', DEFAULT_TUNING.awarenessBatchMs, 0),
		debugStats: env.WARRANT_DEBUG_STATS === '1',
		groupCommit: flag(env, 'WARRANT_GROUP_COMMIT', DEFAULT_TUNING.groupCommit),
		historyDays: env.WARRANT_HISTORY_DAYS ? positiveInt(env, 'WARRANT_HISTORY_DAYS', 1) : null
	};
}

/** Node's HTTP server timeouts (`main.ts`): slow-drip headers or bodies are answered 408 and closed. */
export interface HttpTimeouts {
	headersTimeout: number;
	requestTimeout: number;
}

/** WARRANT_HEADERS_TIMEOUT_MS (10 s) and WARRANT_REQUEST_TIMEOUT_MS (30 s, headers and body). */
export function httpTimeoutsFromEnv(env: NodeJS.ProcessEnv): HttpTimeouts {
	const headersTimeout = positiveInt(env, 'WARRANT_HEADERS_TIMEOUT_MS', 10_000);
	const requestTimeout = positiveInt(env, 'WARRANT_REQUEST_TIMEOUT_MS', 30_000);
	// Node requires headersTimeout <= requestTimeout.
	return { headersTimeout: Math.min(headersTimeout, requestTimeout), requestTimeout };
}
