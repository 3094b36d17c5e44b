/**
 * Catching up after Redis was away (issue 13). Run `npm run build`, then
 * `npm run bench -- catchup` (or `node --import tsx bench/scale-catchup.bench.ts`). Needs Debian's
 * PostgreSQL (a throwaway instance, fsync on) and Redis.
 *
 * Two server processes, A and B, on one PostgreSQL and one Redis. Writers (stock y-websocket
 * clients) on A edit the map every 100 ms between them; observers (stock clients) on B only
 * watch. Redis is stopped for `CATCHUP_OUTAGE_S` (30) s while the writers go on, then started
 * again on the same port, and the writers go on for 5 s more. Figures: how far behind B's clients
 * were when Redis came back, and the time from Redis being back (ready to accept connections)
 * until every client on B holds every edit made on A before that moment; the edit delays during
 * the outage and after it.
 *
 * Run twice: with B's catch-up poll as shipped (`WARRANT_CATCHUP_MS` 1000: B reads what it missed
 * from PostgreSQL every second, Redis or not), and with the poll off (a day), so that only the
 * bus's reconnect (`onReconnect` → every loaded map catches up) brings B's clients up to date.
 */
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodesMap, setNodeText } from '../src/lib/model/doc';
import { startServer, type RunningServer } from '../tests/helpers/server';
import { startPostgres, startRedis } from '../tests/helpers/services';
import { ms, percentile } from './propagation';
import { now } from './sync-protocol';

const OUTAGE_MS = Number(process.env.CATCHUP_OUTAGE_S ?? 30) * 1000;
const AFTER_MS = 5000;
const EDIT_EVERY_MS = 100;
const WRITERS = 4;
const OBSERVERS = 4;
const MAP_ID = 'sample-sunday-libraries';
const LOCAL = 'bench';

const postgres = await startPostgres({ durable: true });
const redis = await startRedis();

interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Per writer clientID: [clock now held, time] for each advancing transaction. */
	seen: Map<number, Array<[number, number]>>;
}

function connect(server: RunningServer): Promise<Client> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.wsUrl, MAP_ID, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const client: Client = { doc, provider, seen: new Map() };
	doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
		if (tr.origin === LOCAL) return;
		const t = now();
		tr.afterState.forEach((clock, id) => {
			if (clock <= (tr.beforeState.get(id) ?? 0)) return;
			const list = client.seen.get(id) ?? [];
			list.push([clock, t]);
			client.seen.set(id, list);
		});
	});
	return new Promise((resolve) => provider.once('sync', () => resolve(client)));
}

/** Resolves when `check` holds, polling every 5 ms; rejects after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = now() + timeoutMs;
	while (!check()) {
		if (now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

async function outage(label: string, catchUpMs: number): Promise<void> {
	const url = await postgres.createDatabase();
	const env = {
		DATABASE_URL: url,
		REDIS_URL: redis.url,
		WARRANT_UNLOAD_MS: '600000',
		WARRANT_CATCHUP_MS: String(catchUpMs)
	};
	const a = await startServer({ env });
	const b = await startServer({ env });
	const writers = await Promise.all(Array.from({ length: WRITERS }, () => connect(a)));
	const observers = await Promise.all(Array.from({ length: OBSERVERS }, () => connect(b)));
	const nodeIds = [...getNodesMap(writers[0].doc).keys()].sort();
	/** [writer clientID, time just before the edit, clock after it]. */
	const sent: Array<[number, number, number]> = [];
	let round = 0;
	const timer = setInterval(() => {
		const writer = writers[round % WRITERS];
		const t = now();
		setNodeText(writer.doc, nodeIds[round % nodeIds.length], `edit ${label} ${round}`, LOCAL);
		sent.push([writer.doc.clientID, t, Y.getState(writer.doc.store, writer.doc.clientID)]);
		round++;
	}, EDIT_EVERY_MS);
	const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));
	const holds = (client: Client, clocks: Map<number, number>) =>
		[...clocks].every(([id, clock]) => Y.getState(client.doc.store, id) >= clock);
	const clocksNow = () =>
		new Map(writers.map((w) => [w.doc.clientID, Y.getState(w.doc.store, w.doc.clientID)]));
	let redisDown = false;
	try {
		await sleep(2000);
		const down = now();
		redisDown = true;
		await redis.stop();
		await sleep(OUTAGE_MS);
		await redis.start();
		redisDown = false;
		const back = now();
		const made = clocksNow();
		const editsBefore = sent.filter(([, t]) => t < back).length;
		const missing = (client: Client) =>
			sent.filter(([id, t, clock]) => t < back && Y.getState(client.doc.store, id) < clock).length;
		const behind = Math.max(...observers.map(missing));
		await until('B to catch up', () => observers.every((o) => holds(o, made)), 60_000);
		const caughtUp = now() - back;
		await sleep(AFTER_MS);
		clearInterval(timer);
		const last = clocksNow();
		await until('the last edits', () => observers.every((o) => holds(o, last)), 30_000);
		const delays = (from: number, to: number) => {
			const out: number[] = [];
			for (const [id, t, clock] of sent) {
				if (t < from || t >= to) continue;
				for (const o of observers) {
					const hit = o.seen.get(id)?.find(([c]) => c >= clock);
					out.push(hit![1] - t);
				}
			}
			return out.sort((x, y) => x - y);
		};
		const during = delays(down, back);
		const afterward = delays(back + 2500, Infinity);
		console.log(
			`${label}: Redis away ${(OUTAGE_MS / 1000).toFixed(0)} s while ${WRITERS} clients on A made ` +
				`${editsBefore} edits (one every ${EDIT_EVERY_MS} ms); when Redis came back B's clients ` +
				`lacked up to ${behind} of them; all held ${ms(Math.max(0, caughtUp))} after Redis was back`
		);
		console.log(
			`  edit delay A → B (${OBSERVERS} clients): during the outage p50 ${ms(percentile(during, 50))} ` +
				`p99 ${ms(percentile(during, 99))} max ${ms(during[during.length - 1])}; ` +
				`from 2.5 s after Redis came back p50 ${ms(percentile(afterward, 50))} p99 ${ms(percentile(afterward, 99))}`
		);
	} finally {
		clearInterval(timer);
		for (const c of [...writers, ...observers]) c.provider.destroy();
		await Promise.all([a.stop(), b.stop()]);
		if (redisDown) await redis.start();
	}
}

try {
	console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
	await outage('poll every 1 s (as shipped)', 1000);
	await outage('poll off (Redis reconnect only)', 86_400_000);
	console.log(`load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
} finally {
	await redis.destroy();
	await postgres.stop();
}
// The destroyed providers' sockets can keep the loop alive for a while; the figures are printed.
process.exit(0);
