/**
 * Edit propagation through a real sync server, shared by `sync.bench.ts` (Warrant alone) and
 * `sync-peers.bench.ts` (Warrant beside the stock y-websocket server and Hocuspocus, same run, same
 * harness). Clients live in child processes (`sync-clients.ts`) so that receivers work in parallel
 * event loops, as separate computers would; see `propagationSpread`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRng } from '../tests/helpers/rng';
import { percentile, type RunSamples } from './resample';
import {
	now,
	type ClientProvider,
	type Edit,
	type FromClients,
	type ToClients
} from './sync-protocol';

/** Where the clients connect, and how. */
export interface SyncTarget {
	/** Printed before the figures (e.g. the server's name). */
	label?: string;
	/** Stock y-websocket providers, or Hocuspocus's own provider (for a Hocuspocus server). */
	provider: ClientProvider;
	/** Server websocket base URLs; client process p connects to `wsUrls[p % wsUrls.length]`. */
	wsUrls: string[];
	mapId: string;
	/** The server processes, for the CPU-use line. */
	pids: number[];
}

export { percentile };

export const ms = (n: number) => `${n.toFixed(2)} ms`;

/** Seeded, so that every run makes the same edits. */
const seededRandom = (seed: number): (() => number) => seededRng(seed).next;

/**
 * CPU time in seconds (Linux `/proc`, clock ticks of 10 ms): the whole machine's busy time and that of
 * the given processes. Read before and after a run to tell how much of the machine something other
 * than the benchmark used meanwhile (the machine is shared); null where `/proc` is missing.
 */
export function cpuSeconds(pids: number[]): { busy: number; total: number; own: number } | null {
	try {
		const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
		const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
		const idle = cpu[3] + cpu[4];
		let own = 0;
		for (const pid of pids) {
			// Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			own += Number(fields[11]) + Number(fields[12]);
		}
		return { busy: (total - idle) / 100, total: total / 100, own: own / 100 };
	} catch {
		return null;
	}
}

/** "machine 63% busy (bench 58%, other 5%)" between two readings of `cpuSeconds`. */
export function machineLoad(
	before: ReturnType<typeof cpuSeconds>,
	after: ReturnType<typeof cpuSeconds>
): string {
	if (!before || !after) return 'machine load unknown';
	const total = after.total - before.total;
	const pct = (x: number) => `${Math.round((100 * x) / total)}%`;
	const busy = after.busy - before.busy;
	const own = after.own - before.own;
	return `machine ${pct(busy)} busy: bench ${pct(own)}, other ${pct(Math.max(0, busy - own))}`;
}

/**
 * CPU time of the given processes in nanoseconds, every thread counted (Linux
 * `/proc/<pid>/task/<tid>/schedstat`, exact to the nanosecond, where `/proc/<pid>/stat` counts 10 ms
 * ticks); null where it cannot be read. Threads that ended between two readings are not counted.
 */
export function threadCpuNs(pids: number[]): Map<string, number> | null {
	try {
		const byThread = new Map<string, number>();
		for (const pid of pids)
			for (const tid of readdirSync(`/proc/${pid}/task`)) {
				const schedstat = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
				byThread.set(`${pid}/${tid}`, Number(schedstat.split(' ')[0]));
			}
		return byThread;
	} catch {
		return null;
	}
}

/** Nanoseconds the threads of `after` ran since `before` (threads new since then from zero). */
function cpuNsBetween(
	before: ReturnType<typeof threadCpuNs>,
	after: ReturnType<typeof threadCpuNs>
): number | null {
	if (!before || !after) return null;
	let ns = 0;
	for (const [thread, t] of after) ns += t - (before.get(thread) ?? 0);
	return ns;
}

export interface Figures {
	p50: number;
	p99: number;
	/** Every delivery's delay, tagged with its edit (the bootstrap's cluster): `resample.ts`. */
	samples: RunSamples;
	/** The servers' CPU time per edit (all their threads, from the plan to the last arrival), µs. */
	serverCpuUsPerEdit: number | null;
}

/** One write: who wrote (client index and Yjs clientID), when, and the writer's clock after it. */
export interface Write {
	writer: number;
	writerId: number;
	t: number;
	clock: number;
}

/**
 * The delay of every (write, receiver) pair: from the writer's stamp to the first time the
 * receiver's doc held the writer's clock after that write. `seen` holds, per receiver, the
 * writer's clientID, the clock it now holds and the time ([receiver, writerId, clock, t]), in the
 * order they arrived (clocks only grow). A server may relay several edits as one update
 * (Hocuspocus can), so arrivals are matched by clock, never by counting updates. Throws when a
 * receiver never got a write. Shared by `propagationSpread` and `scale-crowd.bench.ts`.
 */
export function arrivalDelays(
	writes: Write[],
	seen: [number, number, number, number][],
	receiversOf: (write: Write) => Iterable<number>
): Array<{ delay: number; write: number }> {
	const byPair = new Map<string, Array<[number, number]>>();
	for (const [receiver, writerId, clock, t] of seen) {
		const key = `${receiver}|${writerId}`;
		const list = byPair.get(key) ?? [];
		list.push([clock, t]);
		byPair.set(key, list);
	}
	const delays: Array<{ delay: number; write: number }> = [];
	writes.forEach((write, index) => {
		for (const receiver of receiversOf(write)) {
			if (receiver === write.writer) continue;
			const hit = byPair.get(`${receiver}|${write.writerId}`)?.find(([c]) => c >= write.clock);
			if (!hit)
				throw new Error(`client ${receiver} never got clock ${write.clock} of ${write.writerId}`);
			delays.push({ delay: hit[1] - write.t, write: index });
		}
	});
	return delays;
}

/**
 * The headline measure (1): `clientCount` stock clients spread over `processCount` child processes
 * (`sync-clients.ts`), and 20 warm-up edits plus `rounds` measured ones. Edits are planned ahead at
 * seeded random intervals of 25–50 ms (a seminar typing), each by a random client on a random node;
 * the processes make and watch them on their own and report only at the end, so no bench traffic
 * runs beside the measured path.
 */
export async function propagationSpread(
	target: SyncTarget,
	clientCount: number,
	processCount: number,
	rounds: number
): Promise<Figures> {
	const warmup = 20;
	const procs: ChildProcess[] = [];
	/** The handler of the current step; every message from every process goes to it. */
	let onMessage: (from: number, message: FromClients) => void = () => {};
	const failed = new Promise<never>((_, reject) => {
		for (let p = 0; p < processCount; p++) {
			const proc = fork(join(import.meta.dirname, 'sync-clients.ts'), [], {
				execArgv: ['--import', 'tsx'],
				stdio: ['ignore', 'inherit', 'inherit', 'ipc']
			});
			proc.on('message', (m: FromClients) => {
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
	const tell = (p: number, message: ToClients) => procs[p].send(message);
	/** Resolves once `done` (called on each message) has returned true once per process. */
	const fromEach = (
		what: string,
		done: (from: number, message: FromClients) => boolean,
		timeoutMs: number
	) => {
		let timer: NodeJS.Timeout | undefined;
		return Promise.race([
			failed,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
			}),
			new Promise<void>((resolve) => {
				let count = 0;
				onMessage = (from, message) => {
					if (done(from, message) && ++count === processCount) resolve();
				};
			})
		]).finally(() => clearTimeout(timer));
	};
	try {
		// Contiguous blocks of clients per process: 50 over 5 is 10 each.
		const blocks = Array.from({ length: processCount }, () => [] as number[]);
		for (let i = 0; i < clientCount; i++)
			blocks[Math.floor((i * processCount) / clientCount)].push(i);
		let nodeIds: string[] = [];
		const clientIds: number[] = [];
		const synced = fromEach(
			'the clients to sync',
			(p, m) => {
				if (m.type !== 'synced') return false;
				nodeIds = m.nodeIds;
				blocks[p].forEach((i, k) => (clientIds[i] = m.clientIds[k]));
				return true;
			},
			60_000
		);
		blocks.forEach((clients, p) =>
			tell(p, {
				type: 'start',
				provider: target.provider,
				wsUrl: target.wsUrls[p % target.wsUrls.length],
				mapId: target.mapId,
				clients
			})
		);
		await synced;

		const random = seededRandom(clientCount);
		const edits: Edit[] = [];
		const start = now() + 500; // time for the plan to reach every process
		let at = start;
		for (let round = 0; round < warmup + rounds; round++) {
			const writer = Math.floor(random() * clientCount);
			edits.push({
				at,
				writer,
				writerId: clientIds[writer],
				nodeId: nodeIds[Math.floor(random() * nodeIds.length)],
				// Unique in the map's history, or an edit could be a no-op (a later run on the same map).
				label: `run ${start.toFixed(3)}, edit ${round}`
			});
			at += 25 + random() * 25;
		}
		/** Per round: when the writer made it, and the writer's clock after it. */
		const made = new Map<number, { t: number; clock: number }>();
		const seen: [number, number, number, number][] = [];
		const wrote = fromEach(
			'every edit to be made',
			(_, m) => {
				if (m.type !== 'wrote') return false;
				for (const [round, t, clock] of m.sent) made.set(round, { t, clock });
				return true;
			},
			at - now() + 30_000
		);
		const pids = [process.pid, ...target.pids, ...procs.map((proc) => proc.pid!)];
		const before = cpuSeconds(pids);
		const serverBefore = threadCpuNs(target.pids);
		for (let p = 0; p < processCount; p++) tell(p, { type: 'plan', edits });
		await wrote;
		const last = new Map<number, number>();
		edits.forEach((edit, round) =>
			last.set(edit.writerId, Math.max(last.get(edit.writerId) ?? 0, made.get(round)!.clock))
		);
		const done = fromEach(
			'every edit to arrive everywhere',
			(_, m) => {
				if (m.type !== 'done') return false;
				seen.push(...m.seen);
				return true;
			},
			30_000
		);
		for (let p = 0; p < processCount; p++) tell(p, { type: 'expect', clocks: [...last] });
		await done;
		const serverNs = cpuNsBetween(serverBefore, threadCpuNs(target.pids));
		const load = machineLoad(before, cpuSeconds(pids));
		const everyone = Array.from({ length: clientCount }, (_, i) => i);
		const writes = edits.slice(warmup).map((edit, k): Write => {
			const { t, clock } = made.get(warmup + k)!;
			return { writer: edit.writer, writerId: edit.writerId, t, clock };
		});
		const arrivals = arrivalDelays(writes, seen, () => everyone);
		const sorted = arrivals.map((a) => a.delay).sort((a, b) => a - b);
		const figures: Figures = {
			p50: percentile(sorted, 50),
			p99: percentile(sorted, 99),
			samples: {
				values: arrivals.map((a) => a.delay),
				clusters: arrivals.map((a) => a.write),
				clusterCount: writes.length
			},
			serverCpuUsPerEdit: serverNs === null ? null : serverNs / 1e3 / edits.length
		};
		const samples = sorted;
		console.log(
			`${target.label ? `${target.label}: ` : ''}propagation ${clientCount} clients: p50 ${ms(figures.p50)} p99 ${ms(figures.p99)} ` +
				`(${target.provider === 'hocuspocus' ? 'Hocuspocus provider' : 'stock'} clients in ${processCount} processes, ${clientCount / processCount} each), ` +
				`${rounds} edits, ${samples.length} deliveries; ${load}` +
				(figures.serverCpuUsPerEdit === null
					? ''
					: `; server CPU ${figures.serverCpuUsPerEdit.toFixed(0)} µs per edit`)
		);
		return figures;
	} finally {
		const exited = procs.map(
			(proc) =>
				new Promise((resolve) =>
					proc.exitCode !== null ? resolve(null) : proc.once('exit', resolve)
				)
		);
		for (let p = 0; p < procs.length; p++) if (procs[p].connected) tell(p, { type: 'stop' });
		await Promise.all(exited);
	}
}
