/**
 * Starts the real production server (`dist/server.js`, built by `npm run build`) as a child process
 * on a free port with its own data directory, and stops it with a chosen signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const ROOT_DIR = resolve(import.meta.dirname, '../..');

export interface RunningServer {
	url: string;
	wsUrl: string;
	port: number;
	dataDir: string;
	mapsDir: string;
	proc: ChildProcess;
	/** Everything the server printed so far (stdout and stderr). */
	output: () => string;
	/** Sends `signal` and resolves with the exit code (null when killed by a signal). */
	stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export async function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.once('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => res(port));
		});
	});
}

export function tempDir(prefix = 'warrant-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

export interface ServerOptions {
	/** The checkout whose `dist/server.js` runs (default: this one); benchmarks compare builds. */
	root?: string;
	dataDir?: string;
	mapsDir?: string;
	port?: number;
	env?: Record<string, string>;
}

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
	const root = opts.root ?? ROOT_DIR;
	const entry = join(root, 'dist/server.js');
	if (!existsSync(entry)) throw new Error('dist/server.js is missing: run `npm run build` first');
	const port = opts.port ?? (await freePort());
	const dataDir = opts.dataDir ?? tempDir();
	const mapsDir = opts.mapsDir ?? join(root, 'maps');
	const proc = spawn(process.execPath, [entry], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			MAPS_DIR: mapsDir,
			...opts.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
	await new Promise<void>((res, rej) => {
		const onData = () => {
			if (out.includes('listening on')) {
				cleanup();
				res();
			}
		};
		const onExit = (code: number | null) => {
			cleanup();
			rej(new Error(`server exited with ${code} before listening:\n${out}`));
		};
		const cleanup = () => {
			proc.stdout!.off('data', onData);
			proc.off('exit', onExit);
		};
		proc.stdout!.on('data', onData);
		proc.once('exit', onExit);
	});
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/yjs`,
		port,
		dataDir,
		mapsDir,
		proc,
		output: () => out,
		stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
			if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
			return exited;
		}
	};
}

/**
 * A server handle that exists before the server does: the shared fixtures hand it out when a test
 * file is loaded, start the server in `beforeAll`, and every read goes to the server then running.
 * Reading it while no server runs (at load time, or after `afterAll`) throws, naming the mistake.
 */
export function serverHandle(current: () => RunningServer | undefined): RunningServer {
	const get = (): RunningServer => {
		const server = current();
		if (!server) throw new Error("no server is running: use the fixture's server inside a test");
		return server;
	};
	return {
		get url() {
			return get().url;
		},
		get wsUrl() {
			return get().wsUrl;
		},
		get port() {
			return get().port;
		},
		get dataDir() {
			return get().dataDir;
		},
		get mapsDir() {
			return get().mapsDir;
		},
		get proc() {
			return get().proc;
		},
		output: () => get().output(),
		stop: (signal) => get().stop(signal)
	};
}
