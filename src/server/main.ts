/**
 * The production server (`node dist/server.js`, or `npm start`): one HTTP server that serves the
 * API and websocket endpoint of the backend, and everything else through the SvelteKit app built by
 * adapter-node (`build/handler.js`). Without that build the backend still runs and other paths
 * answer 503, so the server can be tested on its own.
 *
 * Environment: PORT (3000), HOST (127.0.0.1), DATA_DIR (./data), MAPS_DIR (./maps), DATABASE_URL
 * (PostgreSQL instead of SQLite), REDIS_URL (fan-out between processes), and the WARRANT_* tuning
 * variables of `limits.ts`.
 *
 * Slow clients: a request's headers must arrive within WARRANT_HEADERS_TIMEOUT_MS (10 s) and the
 * whole request, body included, within WARRANT_REQUEST_TIMEOUT_MS (30 s); otherwise Node answers
 * 408 and closes the connection (a slow-drip client held a socket for 40 s before). Checked every
 * second.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBackend, type Middleware } from './backend';
import { httpTimeoutsFromEnv } from './limits';

type Handler = Middleware;

async function loadSvelteKitHandler(): Promise<Handler | null> {
	const file = resolve(process.cwd(), 'build/handler.js');
	if (!existsSync(file)) return null;
	const mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { handler: Handler };
	return mod.handler;
}

function noApp(_req: IncomingMessage, res: ServerResponse): void {
	const body = 'The Warrant web app is not built: run `npm run build`. The API and /yjs work.\n';
	res.writeHead(503, {
		'content-type': 'text/plain; charset=utf-8',
		'content-length': Buffer.byteLength(body)
	});
	res.end(body);
}

async function main(): Promise<void> {
	const port = Number(process.env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
	const host = process.env.HOST || '127.0.0.1';
	const backend = await createBackend({
		dataDir: resolve(process.env.DATA_DIR || './data'),
		mapsDir: resolve(process.env.MAPS_DIR || './maps'),
		databaseUrl: process.env.DATABASE_URL,
		redisUrl: process.env.REDIS_URL
	});
	const app = await loadSvelteKitHandler();
	if (!app)
		console.warn(
			'build/handler.js not found: serving the API and /yjs only (other paths answer 503)'
		);

	const timeouts = httpTimeoutsFromEnv(process.env);
	const server = createServer({ ...timeouts, connectionsCheckingInterval: 1000 }, (req, res) => {
		// Share links carry their token in the page URL: never send it on to other sites as a Referer.
		res.setHeader('referrer-policy', 'no-referrer');
		backend.middleware(req, res, (err) => {
			if (err) {
				console.error(err);
				res.statusCode = 500;
				res.end();
				return;
			}
			if (app) app(req, res, () => noApp(req, res));
			else noApp(req, res);
		});
	});
	server.on('upgrade', (req, socket, head) => {
		if (backend.ownsUpgrade(req)) return backend.handleUpgrade(req, socket, head);
		socket.on('error', () => {});
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	});
	server.on('clientError', (err: Error & { code?: string }, socket) => {
		// Node reports a request that passed headersTimeout / requestTimeout here too: that is a 408.
		const status =
			err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
		if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
		else socket.destroy();
	});

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: closing`);
		server.close(); // stop accepting; open HTTP keep-alive sockets are closed below
		try {
			await backend.close();
			server.closeAllConnections();
			console.log('Warrant stopped');
			process.exit(0);
		} catch (err) {
			console.error('shutdown failed:', err);
			process.exit(1);
		}
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));

	await new Promise<void>((res, rej) => {
		server.once('error', rej);
		server.listen(port, host, () => res());
	});
	const address = server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	console.log(`Warrant listening on http://${shownHost}:${actualPort}`);
}

main().catch((err) => {
	console.error('Warrant failed to start:', err);
	process.exit(1);
});
