/**
 * The sync servers Warrant is measured against, started as child processes on free ports:
 * - the stock y-websocket server (`@y/websocket-server`, its own `server.js`, no persistence: the
 *   reference setup most y-websocket deployments start from);
 * - Hocuspocus with its SQLite extension (`hocuspocus-server.mts`).
 * Both stay bench-only dev dependencies; nothing of them is in the app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, tempDir } from '../tests/helpers/server';

export interface PeerServer {
	name: string;
	wsUrl: string;
	proc: ChildProcess;
	stop(): Promise<void>;
}

async function startChild(
	name: string,
	args: string[],
	env: Record<string, string>,
	ready: RegExp,
	wsUrl: string
): Promise<PeerServer> {
	const proc = spawn(process.execPath, args, {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 30_000);
		const onData = (d: Buffer) => {
			out += d;
			if (ready.test(out)) {
				clearTimeout(timer);
				resolve();
			}
		};
		proc.stdout!.on('data', onData);
		proc.stderr!.on('data', onData);
		proc.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited with ${code}: ${out}`));
		});
	});
	return {
		name,
		wsUrl,
		proc,
		stop: () =>
			new Promise((resolve) => {
				if (proc.exitCode !== null) return resolve();
				proc.once('exit', () => resolve());
				proc.kill('SIGTERM');
			})
	};
}

export async function startYWebsocketServer(): Promise<PeerServer> {
	const port = await freePort();
	const require = createRequire(import.meta.url);
	const entry = join(require.resolve('@y/websocket-server/package.json'), '..', 'src/server.js');
	return startChild(
		'y-websocket server',
		[entry],
		{ HOST: '127.0.0.1', PORT: String(port) },
		/running at/,
		`ws://127.0.0.1:${port}`
	);
}

export async function startHocuspocus(): Promise<PeerServer> {
	const port = await freePort();
	return startChild(
		'Hocuspocus + SQLite',
		['--import', 'tsx', join(import.meta.dirname, 'hocuspocus-server.mts')],
		{ PORT: String(port), DATABASE: join(tempDir('hocuspocus-bench-'), 'db.sqlite') },
		/listening on/,
		`ws://127.0.0.1:${port}`
	);
}
