/**
 * A crowd across three processes (issue 13). Run `npm run build`, then `npm run bench -- crowd`
 * (or `node --import tsx bench/scale-crowd.bench.ts`). Needs Debian's PostgreSQL (a throwaway
 * instance, fsync on) and Redis.
 *
 * `CROWD_CLIENTS` (default 2,000) stock y-websocket clients over `CROWD_ROOMS` (100) maps, each
 * map's clients spread over three server processes on one PostgreSQL and one Redis (client k of
 * a map on server k mod 3), the clients themselves in `CROWD_PROCESSES` (4) child processes
 * (`crowd-clients.ts`). Each client moves its cursor (awareness) once a second and edits a node
 * label once every 10 s, at seeded phases. After a warm-up of `CROWD_WARMUP_S` (10) s it measures
 * `CROWD_SECONDS` (30) s: edit propagation (writer's change → each other client of the map holds
 * it), cursor propagation, the RSS of each server process at the end (and its peak), and
 * PostgreSQL's commits per second (`pg_stat_database.xact_commit` of the database, before and
 * after) beside the log rows appended per second (`sum(maps.last_seq)`).
 *
 * It runs twice, with PostgreSQL group commit off (`WARRANT_GROUP_COMMIT=0`: one transaction per
 * update) and on (the default), fresh database each; `CROWD_VARIANTS=on` runs only one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT_DIR, startServer, type RunningServer } from '../tests/helpers/server';
import { startPostgres, startRedis } from '../tests/helpers/services';
import type { CrowdClient, FromCrowd, ToCrowd } from './crowd-protocol';
import { arrivalDelays, cpuSeconds, machineLoad, ms, percentile } from './propagation';
import { now } from './sync-protocol';

const env = process.env;
const CLIENTS = Number(env.CROWD_CLIENTS ?? 2000);
const ROOMS = Number(env.CROWD_ROOMS ?? 100);
const PROCESSES = Number(env.CROWD_PROCESSES ?? 4);
const WARMUP_MS = Number(env.CROWD_WARMUP_S ?? 10) * 1000;
const MEASURE_MS = Number(env.CROWD_SECONDS ?? 30) * 1000;
const VARIANTS = (env.CROWD_VARIANTS ?? 'off,on').split(',');
const SERVERS = 3;
const CURSOR_EVERY_MS = Number(env.CROWD_CURSOR_MS ?? 1000);
const EDIT_EVERY_MS = 10_000;

const postgres = await startPostgres({ durable: process.env.CROWD_FSYNC !== 'off' });
const redis = await startRedis();
const sample = JSON.parse(
	readFileSync(join(ROOT_DIR, 'maps/sample-sunday-libraries.json'), 'utf8')
);

function memory(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)![1]);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Commits of the database so far, and the log rows appended to all its maps. */
async function counters(url: string): Promise<{ commits: number; rows: number }> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const commits = await client.query<{ n: string }>(
			'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()'
		);
		const rows = await client.query<{ n: string | null }>('SELECT sum(last_seq) AS n FROM maps');
		return { commits: Number(commits.rows[0].n), rows: Number(rows.rows[0].n ?? 0) };
	} finally {
		await client.end();
	}
}

async function crowd(groupCommit: boolean): Promise<void> {
	const url = await postgres.createDatabase();
	const serverEnv = {
		DATABASE_URL: url,
		REDIS_URL: redis.url,
		WARRANT_UNLOAD_MS: '600000',
		WARRANT_MAX_CONNECTIONS_PER_ADDRESS: '100000',
		WARRANT_GROUP_COMMIT: groupCommit ? '1' : '0'
	};
	const first = await startServer({ env: serverEnv });
	const servers: RunningServer[] = [
		first,
		...(await Promise.all(
			Array.from({ length: SERVERS - 1 }, () => startServer({ env: serverEnv }))
		))
	];
	const procs: ChildProcess[] = [];
	try {
		const mapIds = Array.from({ length: ROOMS }, (_, r) => `crowd-${r}`);
		for (const id of mapIds) {
			const res = await fetch(`${first.url}/api/maps`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ ...sample, id })
			});
			if (res.status !== 201) throw new Error(`creating ${id}: ${res.status} ${await res.text()}`);
		}
		// Whole maps per client process; client k of a map on server k mod 3.
		const perRoom = CLIENTS / ROOMS;
		const blocks: CrowdClient[][] = Array.from({ length: PROCESSES }, () => []);
		for (let i = 0; i < CLIENTS; i++) {
			const room = Math.floor(i / perRoom);
			blocks[Math.floor((room * PROCESSES) / ROOMS)].push({
				index: i,
				mapId: mapIds[room],
				wsUrl: servers[(i % perRoom) % SERVERS].wsUrl
			});
		}
		const mapOfIndex = new Map(blocks.flat().map((c) => [c.index, c.mapId]));

		let onMessage: (from: number, m: FromCrowd) => void = () => {};
		const failed = new Promise<never>((_, reject) => {
			for (let p = 0; p < PROCESSES; p++) {
				const proc = fork(join(import.meta.dirname, 'crowd-clients.ts'), [], {
					execArgv: ['--import', 'tsx'],
					serialization: 'advanced',
					stdio: ['ignore', 'inherit', 'inherit', 'ipc']
				});
				proc.on('message', (m: FromCrowd) => {
					if (m.type === 'error') reject(new Error(`client process ${p}: ${m.message}`));
					else onMessage(p, m);
				});
				proc.on('exit', (code) => {
					if (code !== 0) reject(new Error(`client process ${p} exited with ${code}`));
				});
				procs.push(proc);
			}
		});
		failed.catch(() => {});
		const tell = (p: number, m: ToCrowd) => procs[p].send(m);
		const fromEach = (what: string, done: (m: FromCrowd) => boolean, timeoutMs: number) => {
			let timer: NodeJS.Timeout | undefined;
			return Promise.race([
				failed,
				new Promise<never>((_, reject) => {
					timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
				}),
				new Promise<void>((resolve) => {
					let count = 0;
					onMessage = (_, m) => {
						if (done(m) && ++count === PROCESSES) resolve();
					};
				})
			]).finally(() => clearTimeout(timer));
		};

		const connectStart = now();
		const clientIdOf = new Map<number, number>();
		const synced = fromEach(
			'the clients to sync',
			(m) => {
				if (m.type !== 'synced') return false;
				for (const [index, id] of m.clients) clientIdOf.set(index, id);
				return true;
			},
			300_000
		);
		blocks.forEach((clients, p) => tell(p, { type: 'start', clients, wave: 25, seed: p + 1 }));
		await synced;
		const connectMs = now() - connectStart;

		const measureFrom = now() + 500 + WARMUP_MS;
		const until = measureFrom + MEASURE_MS;
		const sent: [number, number, number][] = [];
		const wrote = fromEach(
			'the activity to end',
			(m) => {
				if (m.type !== 'wrote') return false;
				sent.push(...m.sent);
				return true;
			},
			until - now() + 60_000
		);
		for (let p = 0; p < PROCESSES; p++)
			tell(p, {
				type: 'run',
				until,
				measureFrom,
				cursorEveryMs: CURSOR_EVERY_MS,
				editEveryMs: EDIT_EVERY_MS
			});
		const pids = [...servers.map((s) => s.proc.pid!), ...procs.map((p) => p.pid!)];
		await new Promise((resolve) => setTimeout(resolve, measureFrom - now()));
		const serverPids = servers.map((s) => s.proc.pid!);
		const serverCpu = () => serverPids.map((pid) => cpuSeconds([pid])?.own ?? NaN);
		const before = {
			counters: await counters(url),
			cpu: cpuSeconds(pids),
			servers: serverCpu(),
			at: now()
		};
		await new Promise((resolve) => setTimeout(resolve, until - now()));
		const after = {
			counters: await counters(url),
			cpu: cpuSeconds(pids),
			servers: serverCpu(),
			at: now()
		};
		const mem = servers.map((s) => memory(s.proc.pid!));
		await wrote;

		// Every client must end up holding each writer's last measured edit.
		const last = new Map<number, number>();
		for (const [writer, , clock] of sent) last.set(writer, Math.max(last.get(writer) ?? 0, clock));
		const byMap = new Map<string, [number, number][]>();
		for (const [writer, clock] of last) {
			const mapId = mapOfIndex.get(writer)!;
			byMap.set(mapId, [...(byMap.get(mapId) ?? []), [clientIdOf.get(writer)!, clock]]);
		}
		const seen: [number, number, number, number][] = [];
		const cursor: number[] = [];
		const done = fromEach(
			'every edit to arrive',
			(m) => {
				if (m.type !== 'done') return false;
				for (const s of m.seen) seen.push(s);
				for (const d of m.cursorDelays) cursor.push(d);
				return true;
			},
			120_000
		);
		for (let p = 0; p < PROCESSES; p++) tell(p, { type: 'expect', byMap: [...byMap] });
		await done;

		const members = new Map<string, number[]>();
		for (const [index, mapId] of mapOfIndex)
			members.set(mapId, [...(members.get(mapId) ?? []), index]);
		const delays = arrivalDelays(
			sent.map(([writer, t, clock]) => ({ writer, writerId: clientIdOf.get(writer)!, t, clock })),
			seen,
			(write) => members.get(mapOfIndex.get(write.writer)!)!
		).map((a) => a.delay);
		delays.sort((a, b) => a - b);
		cursor.sort((a, b) => a - b);
		const seconds = (after.at - before.at) / 1000;
		const commitsPerS = (after.counters.commits - before.counters.commits) / seconds;
		const rowsPerS = (after.counters.rows - before.counters.rows) / seconds;
		console.log(
			`crowd, group commit ${groupCommit ? 'on' : 'off'}: ${CLIENTS} clients over ${ROOMS} maps, ` +
				`${SERVERS} server processes, ${PROCESSES} client processes (connected in ${(connectMs / 1000).toFixed(1)} s); ` +
				`${(MEASURE_MS / 1000).toFixed(0)} s measured after ${(WARMUP_MS / 1000).toFixed(0)} s warm-up`
		);
		console.log(
			`  edits: ${sent.length} (${(sent.length / seconds).toFixed(1)}/s), ${delays.length} deliveries: ` +
				`p50 ${ms(percentile(delays, 50))} p99 ${ms(percentile(delays, 99))} max ${ms(delays[delays.length - 1])}`
		);
		console.log(
			`  cursor moves: ${cursor.length} deliveries: p50 ${ms(percentile(cursor, 50))} ` +
				`p99 ${ms(percentile(cursor, 99))} (the server gathers presence for WARRANT_AWARENESS_MS = 100 ms)`
		);
		console.log(
			`  PostgreSQL: ${commitsPerS.toFixed(1)} commits/s (xact_commit), ${rowsPerS.toFixed(1)} log rows/s`
		);
		console.log(
			`  server RSS at the end (peak): ${mem.map((m) => `${m.rss.toFixed(0)} (${m.peak.toFixed(0)}) MB`).join(', ')}`
		);
		const perServer = after.servers.map(
			(t, i) => `${Math.round((100 * (t - before.servers[i])) / seconds)}%`
		);
		console.log(
			`  ${machineLoad(before.cpu, after.cpu)}; each server process used ${perServer.join(', ')} of one core`
		);
	} finally {
		const exited = procs.map(
			(proc) =>
				new Promise((resolve) =>
					proc.exitCode !== null ? resolve(null) : proc.once('exit', resolve)
				)
		);
		for (let p = 0; p < procs.length; p++) if (procs[p].connected) procs[p].send({ type: 'stop' });
		await Promise.all(exited);
		await Promise.all(servers.map((s) => s.stop()));
	}
}

try {
	console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
	for (const variant of VARIANTS) await crowd(variant === 'on');
	console.log(`load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
	await redis.destroy();
	await postgres.stop();
}
