/**
 * The server's own CPU per edit, in-process (`npm run bench -- room-cpu`, or `node --import tsx
 * bench/room-cpu.bench.ts`): a stock client's label edits, each decoded (`decodeClientMessage`:
 * the strict inspection) and handed to a real `Room` on real SQLite with 50 peers (49 sends per
 * edit, to peers that only count frames), one after the other, as the server does with each frame.
 * No sockets: this is the part of the sync bench's "server CPU per edit" that is Warrant's own code
 * (the rest is the kernel delivering 49 frames). CPU time of the whole process (`process.cpuUsage`:
 * every thread, the SQLite checkpoint worker included), so other processes on the machine barely
 * move it. Maps: the sample map (6 nodes) and a generated 2,000-node map.
 *
 * `ROOM_CPU_BASELINE=<checkout>` runs the same edits through another checkout's `src/server` too
 * (its own yjs; `$lib` resolves to this checkout's, so use a baseline whose `src/lib` is the same),
 * the two in alternating rounds: a change's before and after in one run.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { getNodesMap, setNodeText } from '../src/lib/model/doc';
import { fileToDoc, parseMapFileText } from '../src/lib/model/mapfile';
import { generateDoc } from '../src/lib/drawing/testing/generate';
import { encodeUpdate } from '../src/server/protocol/encode';
import { tempDir } from '../tests/helpers/server';

const BASELINE = process.env.ROOM_CPU_BASELINE;
const EDITS = Number(process.env.ROOM_CPU_EDITS ?? 3000);
const PEERS = 50;
const ROUNDS = 5;

/** One checkout's server code, as the bench uses it. */
async function serverCode(root: string) {
	const from = (path: string) => import(join(root, path));
	return {
		...(await from('src/server/log.ts')),
		...(await from('src/server/protocol/decode.ts')),
		...(await from('src/server/rooms/load-doc.ts')),
		...(await from('src/server/rooms/room.ts')),
		...(await from('src/server/storage/sqlite.ts'))
	};
}
type Code = Awaited<ReturnType<typeof serverCode>>;
const builds: Array<[string, Code]> = [
	['this checkout', await serverCode(resolve(import.meta.dirname, '..'))]
];
if (BASELINE) builds.push([`baseline ${BASELINE}`, await serverCode(BASELINE)]);

const cpuUs = () => {
	const u = process.cpuUsage();
	return u.user + u.system;
};

/** Frames as a stock client sends them: one label edit each, on nodes in turn. */
function editFrames(seed: Y.Doc, count: number): Uint8Array[] {
	const writer = new Y.Doc();
	Y.applyUpdate(writer, Y.encodeStateAsUpdate(seed));
	const frames: Uint8Array[] = [];
	writer.on('update', (u: Uint8Array) => frames.push(encodeUpdate(u)));
	const ids = [...getNodesMap(writer).keys()];
	for (let i = 0; i < count; i++) setNodeText(writer, ids[(i * 7) % ids.length], `edit ${i}`, 'b');
	return frames;
}

/** µs of CPU per edit for `frames` through a fresh room holding `seed`. */
async function perEdit(code: Code, seed: Y.Doc, frames: Uint8Array[]): Promise<number> {
	const { causeLogger, silentLogger, decodeClientMessage, loadDoc, Room, openSqliteStorage } = code;
	const storage = openSqliteStorage(tempDir('warrant-room-cpu-'));
	const summary = { title: 'b', sourceTitle: '', sourceAuthor: '', createdAt: '', updatedAt: '' };
	await storage.createMap(
		{ id: 'b', ...summary, nodeCount: 0, edgeCount: 0 },
		Y.encodeStateAsUpdate(seed)
	);
	const room = new Room('b', await loadDoc(storage, 'b'), {
		storage,
		bus: null,
		historyDays: null,
		problems: causeLogger(silentLogger),
		compactAfterUpdates: 500,
		unloadAfterMs: 3_600_000,
		summaryDebounceMs: 2_000,
		awarenessBatchMs: 100,
		awarenessPerSecond: 20,
		awarenessBytesPerSecond: 65_536,
		maxNodes: 10_000,
		maxEdges: 20_000,
		rememberedClientIds: new Map(),
		requestUnload: () => {}
	});
	await room.afterLoad();
	let sent = 0;
	const peers = Array.from({ length: PEERS }, (_, k) => ({
		role: 'editor',
		participant: null,
		authorId: `peer-${k}`,
		clientIds: new Set<number>(),
		isOpen: true,
		send: () => sent++,
		refuse: (code: string, detail?: string) => {
			if (code !== 'shutting-down') throw new Error(`refused: ${code} ${detail ?? ''}`);
		}
	}));
	for (const peer of peers) room.join(peer);
	const start = cpuUs();
	for (const frame of frames) {
		const decoded = decodeClientMessage(frame);
		if (!decoded.ok) throw decoded.error;
		await room.receive(peers[0], decoded.message);
	}
	const us = (cpuUs() - start) / frames.length;
	if (sent < frames.length * (PEERS - 1)) throw new Error(`only ${sent} frames sent`);
	await room.shutdown();
	await storage.close();
	return us;
}

const parsed = parseMapFileText(
	readFileSync(join(import.meta.dirname, '../maps/sample-sunday-libraries.json'), 'utf8')
);
if (!parsed.ok) throw new Error('the sample map does not parse');
const maps: Array<[string, Y.Doc]> = [
	['sample map (6 nodes)', fileToDoc(parsed.value)],
	['generated 2,000 nodes', generateDoc(2000, 7)]
];
console.log(
	`room CPU per edit: decode + receive, ${PEERS} peers, real SQLite, ${EDITS} edits per round, ` +
		`median of ${ROUNDS} rounds after a warm-up round${builds.length > 1 ? ', builds alternating' : ''}`
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [label, seed] of maps) {
	const frames = editFrames(seed, EDITS);
	// Warm-up: the JIT, SQLite's page cache.
	for (const [, code] of builds) await perEdit(code, seed, frames.slice(0, 500));
	const rounds = builds.map(() => [] as number[]);
	for (let r = 0; r < ROUNDS; r++)
		for (const [b, [, code]] of builds.entries()) rounds[b].push(await perEdit(code, seed, frames));
	builds.forEach(([build], b) =>
		console.log(
			`  ${label.padEnd(22)} ${build.padEnd(40)} ${median(rounds[b]).toFixed(0)} µs/edit ` +
				`(rounds ${rounds[b].map((r) => r.toFixed(0)).join(', ')})`
		)
	);
	if (builds.length > 1)
		console.log(
			`  ${label.padEnd(22)} this / baseline ${(median(rounds[0]) / median(rounds[1])).toFixed(2)}`
		);
}
