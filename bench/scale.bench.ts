/**
 * Several processes (issue 13). Run `npm run build`, then `npm run bench -- scale` (or
 * `node --import tsx --expose-gc bench/scale.bench.ts`). Needs Debian's PostgreSQL and Redis: a
 * throwaway instance of each is started (`tests/helpers/services.ts`, fsync on).
 *
 * 1. Edit propagation with 50 stock clients in one room (the `propagationSpread` harness of
 *    sync.bench: clients in 5 child processes, seeded edits every 25–50 ms), in one run:
 *    one server on SQLite (the embedded default), one server on PostgreSQL + Redis, and three
 *    servers on PostgreSQL + Redis with the client processes spread over them (2, 2 and 1 of the
 *    5 processes: 20, 20 and 10 clients). Ratios to the SQLite server.
 *    `SCALE_FSYNC=off` runs it with PostgreSQL's fsync off (the disk's share of the figures).
 * 2. Takeover: the time for a process to load a map whose log holds 10,000 updates from
 *    PostgreSQL (storage + loader in-process, as the server does): raw replay, and after compaction.
 * 3. No regression on the embedded default: the same 50-client harness against one SQLite server
 *    built from the commit before issue 13 (`BEFORE_COMMIT`) and one built from this checkout,
 *    interleaved `SCALE_BEFORE_REPEATS` (3) times each; medians and their ratio. The old server is
 *    built once in a temporary git worktree (`/tmp/warrant-before-<commit>`, `npm ci` and
 *    `npm run build` there, a few minutes) and reused by later runs; `SCALE_BEFORE_DIR` points at
 *    another built checkout; `SCALE_BEFORE=off` skips this part.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { loadDoc } from '../src/server/rooms/load-doc';
import { openPostgresStorage } from '../src/server/storage/postgres';
import { ROOT_DIR, startServer, type RunningServer } from '../tests/helpers/server';
import { startPostgres, startRedis } from '../tests/helpers/services';
import { ms, propagationSpread, type Figures } from './propagation';

const SAMPLE_ID = 'sample-sunday-libraries';
process.setMaxListeners(200);

// SCALE_FSYNC=off: the same with PostgreSQL's fsync off, to tell the disk's share of the figures.
const postgres = await startPostgres({ durable: process.env.SCALE_FSYNC !== 'off' });
console.log(`PostgreSQL fsync ${process.env.SCALE_FSYNC === 'off' ? 'off' : 'on'}`);
const redis = await startRedis();

/**
 * The last commit before issue 13 (f610d8a, 2026-12-01 01:18 UTC): its child cd9201a brought the
 * Storage interface, PostgreSQL and the Redis bus.
 */
const BEFORE_COMMIT = 'f610d8a';

/** A built checkout of `BEFORE_COMMIT` (made on first use). */
function beforeCheckout(): string {
	const dir = process.env.SCALE_BEFORE_DIR ?? `/tmp/warrant-before-${BEFORE_COMMIT}`;
	if (existsSync(join(dir, 'dist/server.js'))) return dir;
	console.log(`building ${BEFORE_COMMIT} in ${dir} (once; npm ci and npm run build)`);
	const run = (cmd: string, args: string[], cwd: string) =>
		execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
	if (!existsSync(dir)) run('git', ['worktree', 'add', '--detach', dir, BEFORE_COMMIT], ROOT_DIR);
	// Its build reads the seed essay at ../shared, as every checkout's does.
	const shared = join(dir, '..', 'shared');
	if (!existsSync(shared)) symlinkSync(join(ROOT_DIR, '..', 'shared'), shared);
	run('npm', ['ci', '--no-audit', '--no-fund'], dir);
	run('npm', ['run', 'build'], dir);
	return dir;
}

async function measure(label: string, servers: RunningServer[]): Promise<Figures> {
	try {
		return await propagationSpread(
			{
				label,
				provider: 'y-websocket',
				wsUrls: servers.map((s) => s.wsUrl),
				mapId: SAMPLE_ID,
				pids: servers.map((s) => s.proc.pid!)
			},
			50,
			5,
			200
		);
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
	}
}

async function cluster(count: number): Promise<RunningServer[]> {
	const url = await postgres.createDatabase();
	const env = { DATABASE_URL: url, REDIS_URL: redis.url, WARRANT_UNLOAD_MS: '600000' };
	// One first, so the map files are imported once; then the others.
	const first = await startServer({ env });
	const rest = await Promise.all(Array.from({ length: count - 1 }, () => startServer({ env })));
	return [first, ...rest];
}

async function takeover(updateCount: number): Promise<void> {
	const url = await postgres.createDatabase();
	const storage = await openPostgresStorage(url);
	const source = new Y.Doc();
	await storage.createMap(
		{
			id: 'big',
			title: 'big',
			sourceTitle: '',
			sourceAuthor: '',
			createdAt: new Date().toISOString(),
			updatedAt: new Date().toISOString(),
			nodeCount: 0,
			edgeCount: 0
		},
		Y.encodeStateAsUpdate(source)
	);
	const text = source.getText('t');
	const updates: Uint8Array[] = [];
	source.on('update', (u: Uint8Array) => updates.push(u));
	for (let i = 0; i < updateCount; i++) text.insert(i % 7 === 0 ? 0 : text.length, String(i % 10));
	let last = 0;
	for (const u of updates)
		last = await storage.appendUpdate('big', u, { at: Date.now(), authorId: null });
	const time = async () => {
		const t0 = performance.now();
		const loaded = await loadDoc(storage, 'big');
		const took = performance.now() - t0;
		if (loaded?.doc.getText('t').toString() !== text.toString()) throw new Error('load differs');
		return took;
	};
	await time(); // warm the pool and the JIT
	const raw = await time();
	await storage.compact('big', Y.encodeStateAsUpdate(source), last);
	const compacted = await time();
	console.log(
		`takeover: load a map with a ${updateCount.toLocaleString('en-US')}-update log from PostgreSQL: ` +
			`raw replay ${ms(raw)}, compacted ${ms(compacted)}`
	);
	await storage.close();
}

/** The single-process SQLite figure of `BEFORE_COMMIT` and of this checkout, interleaved. */
async function beforeAndAfter(): Promise<void> {
	const root = beforeCheckout();
	const repeats = Number(process.env.SCALE_BEFORE_REPEATS ?? 3);
	const env = { WARRANT_UNLOAD_MS: '600000' };
	const before: Figures[] = [];
	const after: Figures[] = [];
	for (let i = 0; i < repeats; i++) {
		before.push(
			await measure(`before issue 13 (${BEFORE_COMMIT}), 1 process, SQLite`, [
				await startServer({ root, env })
			])
		);
		after.push(await measure('this checkout, 1 process, SQLite', [await startServer({ env })]));
	}
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const b = { p50: median(before.map((f) => f.p50)), p99: median(before.map((f) => f.p99)) };
	const a = { p50: median(after.map((f) => f.p50)), p99: median(after.map((f) => f.p99)) };
	console.log(
		`1 process on SQLite, median of ${repeats}: before issue 13 p50 ${ms(b.p50)} p99 ${ms(b.p99)}; ` +
			`now p50 ${ms(a.p50)} p99 ${ms(a.p99)}; now / before: p50 ×${(a.p50 / b.p50).toFixed(2)}, ` +
			`p99 ×${(a.p99 / b.p99).toFixed(2)}`
	);
}

try {
	console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
	const sqlite = await measure('1 process, SQLite', [
		await startServer({ env: { WARRANT_UNLOAD_MS: '600000' } })
	]);
	const onePg = await measure('1 process, PostgreSQL + Redis', await cluster(1));
	const threePg = await measure('3 processes, PostgreSQL + Redis', await cluster(3));
	const ratio = (f: Figures) =>
		`p50 ×${(f.p50 / sqlite.p50).toFixed(2)}, p99 ×${(f.p99 / sqlite.p99).toFixed(2)}`;
	console.log(
		`ratios to 1 process on SQLite: 1 process on PostgreSQL + Redis ${ratio(onePg)}; 3 processes ${ratio(threePg)}`
	);
	await takeover(10_000);
	if (process.env.SCALE_BEFORE !== 'off') await beforeAndAfter();
	console.log(`load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
	await redis.destroy();
	await postgres.stop();
}
