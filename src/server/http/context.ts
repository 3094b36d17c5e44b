/** What every API route gets: storage, rooms, access rules and the per-cause logger. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '../access/control';
import type { CauseLogger } from '../log';
import type { RoomRegistry } from '../rooms/registry';
import type { HistoryStore, Storage } from '../storage/storage';
import type { LogDigests } from '../history/log-digest';
import type { WorkerPool } from '../work/pool';

export interface ApiContext {
	storage: Storage & HistoryStore;
	registry: RoomRegistry;
	access: AccessControl;
	problems: CauseLogger;
	debugStats: boolean;
	/** The event loop's longest stall and its cause (debug stats only; `stalls.ts`). */
	longestStall?: (reset: boolean) => { ms: number; cause: string };
	/** Connection figures of the websocket endpoint, for the debug stats. */
	connectionStats: () => { connections: number; incompleteBytes: number };
	/** Nodes and edges a map may hold (`limits.ts`): an import above them is refused with 413. */
	maxNodes: number;
	maxEdges: number;
	/** Heavy work (exports, previews, imports) runs here, off the event loop. */
	work: WorkerPool;
	/** Maps with more nodes get no picture in the page. */
	previewMaxNodes: number;
	/** Maps whose document is larger are not carried in the page's HTML (page-state.ts). */
	pageStateMaxBytes: number;
	/** History: quiet of at least this many ms ends a session. */
	sessionGapMs: number;
	/** Recently read maps' log digests (sessions, activity), extended with the rows stored since. */
	logDigests: LogDigests;
}

/** One request, already routed: its parsed URL and, for map routes, the checked map id. */
export interface ApiRequest {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
}

export const API_PREFIX = '/api';
