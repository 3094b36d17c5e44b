/**
 * Hocuspocus with its SQLite extension, as its documentation sets it up (default debounce: a
 * document is stored at most every 2 s while edits flow, and at the latest after 10 s), for
 * `sync-peers.bench.ts`. Run as a child process: `PORT`, `DATABASE` (a file); prints "listening".
 */
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const server = new Server({
	port,
	address: '127.0.0.1',
	quiet: true,
	extensions: [new SQLite({ database: process.env.DATABASE ?? '' })]
});
await server.listen();
console.log(`listening on ${port}`);
process.on('SIGTERM', () => {
	void server.destroy().then(() => process.exit(0));
});
