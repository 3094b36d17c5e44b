/**
 * The Warrant backend as one object: the HTTP API middleware and the websocket endpoint, over one
 * storage and one set of rooms. The production server (`main.ts`) and Vite's dev/preview servers
 * (vite.config.ts) mount the same backend.
 *
 *   backend.ts ── http/api ──────────┐  (http/guard and ws/upgrade ask access/ who may do what)
 *              ├─ ws/upgrade → ws/connection → rooms/registry → rooms/room → storage/
 *              ├─ maps/map-files (start-up import) ─ maps/create ───────────────┘
 *              └─ protocol/ (decode, encode, errors) used by ws/ and rooms/
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AccessControl } from './access/control';
import { publishBridge } from './bridge';
import { createApiMiddleware, type Middleware } from './http/api';
import { previewFor } from './page-preview';
import { pageStateFor } from './page-state';
import { DEFAULT_TUNING, tuningFromEnv, type Tuning } from './limits';
import { causeLogger, consoleLogger, type Logger } from './log';
import { importMapFiles, type ImportReport } from './maps/map-files';
import { RoomRegistry } from './rooms/registry';
import type { Bus } from './cluster/bus';
import { connectRedisBus } from './cluster/redis-bus';
import { openStorage } from './storage/open';
import type { HistoryStore, ShareStore, Storage } from './storage/storage';
import { startStallWatch } from './stalls';
import { WorkerPool } from './work/pool';
import { startHeartbeat } from './ws/heartbeat';
import { LogDigests } from './history/log-digest';
import { createSyncEndpoint, ownsUpgradePath } from './ws/upgrade';

export type { Middleware } from './http/api';

export interface BackendOptions {
	dataDir: string;
	mapsDir: string;
	log?: Logger;
	/** Overrides; the rest comes from the environment (see `limits.ts`), then the defaults. */
	tuning?: Partial<Tuning>;
	/** PostgreSQL (`postgres://…`) shared with other processes; empty: SQLite under `dataDir`. */
	databaseUrl?: string;
	/** Redis (`redis://…`) to hear other processes' changes at once; needs `databaseUrl`. */
	redisUrl?: string;
	/** Another storage instead of the one chosen above (tests). */
	storage?: Storage & ShareStore & HistoryStore;
}

export interface Backend {
	middleware: Middleware;
	ownsUpgrade(req: IncomingMessage): boolean;
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Refuses new connections, flushes every room (compacting its log), closes sockets (1001), closes storage. */
	close(): Promise<void>;
	/** What the start-up import of map files did. */
	readonly imported: ImportReport;
	stats(): { rooms: number; peers: number; connections: number; incompleteBytes: number };
}

export async function createBackend(opts: BackendOptions): Promise<Backend> {
	const log = opts.log ?? consoleLogger;
	const tuning: Tuning = { ...DEFAULT_TUNING, ...tuningFromEnv(process.env), ...opts.tuning };
	const problems = causeLogger(log);
	const storage =
		opts.storage ??
		(await openStorage({
			databaseUrl: opts.databaseUrl,
			dataDir: opts.dataDir,
			groupCommit: tuning.groupCommit,
			onIdleError: (err) => problems.report('database-connection', String(err))
		}));
	const redisUrl = opts.redisUrl?.trim();
	if (redisUrl && !storage.shared) {
		await storage.close();
		throw new Error('REDIS_URL needs DATABASE_URL: processes can only share maps in PostgreSQL');
	}
	let bus: Bus | null = null;
	try {
		bus = redisUrl ? await connectRedisBus(redisUrl, problems) : null;
	} catch (err) {
		await storage.close();
		throw err;
	}
	const imported = await importMapFiles(storage, opts.mapsDir, log);
	const registry = new RoomRegistry(storage, tuning, problems, bus);
	const access = new AccessControl(storage, bus, (err) =>
		problems.report('share-reread', String(err))
	);
	const endpoint = createSyncEndpoint(registry, access, problems, tuning);
	const stopHeartbeat = startHeartbeat(endpoint.connections, tuning.heartbeatMs);
	const work = new WorkerPool({
		size: tuning.workers,
		queueLimit: tuning.workQueue,
		timeoutMs: tuning.workTimeoutMs,
		heapMb: tuning.workHeapMb
	});
	const stalls = tuning.debugStats ? startStallWatch() : null;
	const apiContext = {
		storage,
		registry,
		access,
		problems,
		debugStats: tuning.debugStats,
		...(stalls ? { longestStall: (reset: boolean) => stalls.longest(reset) } : {}),
		connectionStats: () => ({
			connections: endpoint.connections.size,
			incompleteBytes: endpoint.incompleteBytes
		}),
		maxNodes: tuning.maxNodes,
		maxEdges: tuning.maxEdges,
		work,
		previewMaxNodes: tuning.previewMaxNodes,
		pageStateMaxBytes: tuning.pageStateMaxBytes,
		sessionGapMs: tuning.sessionGapMs,
		logDigests: new LogDigests()
	};
	const middleware = createApiMiddleware(apiContext);
	// The editor page's HTML carries a picture of its map, drawn here (see bridge.ts).
	const withdrawBridge = publishBridge({
		pagePreview: (id, token) => previewFor(apiContext, id, token),
		pageState: (id, token) => pageStateFor(apiContext, id, token)
	});

	let closing: Promise<void> | null = null;
	const close = async () => {
		withdrawBridge();
		stalls?.stop();
		endpoint.stopAccepting();
		stopHeartbeat();
		await registry.closeAll();
		await endpoint.close();
		await work.close();
		await bus?.close();
		await storage.close();
	};

	return {
		middleware,
		ownsUpgrade: (req) => ownsUpgradePath(req.url),
		handleUpgrade: (req, socket, head) => endpoint.handleUpgrade(req, socket, head),
		close: () => (closing ??= close()),
		imported,
		stats: () => ({
			...registry.stats(),
			connections: endpoint.connections.size,
			incompleteBytes: endpoint.incompleteBytes
		})
	};
}
