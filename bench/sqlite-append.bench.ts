/**
 * The SQLite commit in the broadcast path (`npm run bench -- sqlite-append`): how long appending one
 * update takes (`appendUpdate`, the commit every edit waits for before it is sent), with the
 * checkpoint worker checkpointing every second (the old cadence) and by WAL growth (the default,
 * `DEFAULT_CHECKPOINT_CADENCE`). Appends come at seeded 25–50 ms intervals, as a 2-client room's
 * edits do; the two cadences run in alternating blocks on fresh databases, `SQLITE_APPEND_BLOCKS`
 * times each (default 3), so that background load falls on both alike. Counted: appends over 1 ms
 * and over 5 ms (a stall after a checkpoint's fsyncs), p50, p99, max.
 */
import { rmSync } from 'node:fs';
import {
	DEFAULT_CHECKPOINT_CADENCE,
	openSqliteStorage,
	type CheckpointCadence
} from '../src/server/storage/sqlite';
import { seededRng } from '../tests/helpers/rng';
import { tempDir } from '../tests/helpers/server';
import { ms, percentile } from './propagation';

const BLOCKS = Number(process.env.SQLITE_APPEND_BLOCKS ?? 3);
const APPENDS = 300;
const CADENCES: Array<{ label: string; cadence: CheckpointCadence }> = [
	{ label: 'checkpoint every second', cadence: { afterAppends: Infinity, periodMs: 1000 } },
	{ label: 'checkpoint by WAL growth', cadence: DEFAULT_CHECKPOINT_CADENCE }
];

const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (msToWait: number) => new Promise((r) => setTimeout(r, msToWait));

async function block(cadence: CheckpointCadence, seed: number): Promise<number[]> {
	const dir = tempDir('warrant-append-');
	const storage = openSqliteStorage(dir, cadence);
	try {
		const at = new Date().toISOString();
		await storage.createMap(
			{
				id: 'm',
				title: 'm',
				sourceTitle: '',
				sourceAuthor: '',
				createdAt: at,
				updatedAt: at,
				nodeCount: 0,
				edgeCount: 0
			},
			Uint8Array.of(0, 0)
		);
		const random = seededRng(seed);
		// About the size of one label edit's merged update.
		const update = Uint8Array.from({ length: 120 }, () => random.int(256));
		const times: number[] = [];
		for (let i = 0; i < 20 + APPENDS; i++) {
			const start = now();
			await storage.appendUpdate('m', update, { at: Date.now(), authorId: null });
			if (i >= 20) times.push(now() - start);
			await sleep(25 + random.next() * 25);
		}
		return times;
	} finally {
		await storage.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

const results = CADENCES.map(() => [] as number[]);
for (let b = 0; b < BLOCKS; b++)
	for (let c = 0; c < CADENCES.length; c++) {
		// Alternating which goes first.
		const k = (c + b) % CADENCES.length;
		results[k].push(...(await block(CADENCES[k].cadence, b + 1)));
	}
console.log(
	`appendUpdate (one commit), ${APPENDS} appends at 25–50 ms per block, ${BLOCKS} alternating blocks each:`
);
CADENCES.forEach(({ label }, k) => {
	const times = results[k].sort((a, b) => a - b);
	const over = (limit: number) => times.filter((t) => t > limit).length;
	console.log(
		`  ${label.padEnd(26)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  ` +
			`max ${ms(times[times.length - 1])}  over 1 ms: ${over(1)}, over 5 ms: ${over(5)} of ${times.length}`
	);
});
