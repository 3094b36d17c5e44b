/**
 * Throwaway PostgreSQL and Redis for tests and benchmarks: Debian's binaries, each on a free port
 * with its data in a temporary directory, stopped (and the directory removed) by `stop()`.
 * A missing binary is an error naming the package to install (`.ci/run` installs both), never a
 * skip. PostgreSQL's `initdb` refuses to run as root: as root, the cluster belongs to the
 * `postgres` system user that Debian's package creates, and its commands run through `runuser`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server';

/** Debian installs each major version under /usr/lib/postgresql/<major>/bin (not on PATH). */
function postgresBin(): string {
	if (process.env.WARRANT_PG_BIN) return process.env.WARRANT_PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((v) => /^\d+$/.test(v))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	return join(root, majors[0] ?? '15', 'bin');
}

export interface TestPostgres {
	port: number;
	/** URL of the cluster's `postgres` database. */
	url: string;
	/** Creates a fresh, empty database and returns its URL. */
	createDatabase(name?: string): Promise<string>;
	stop(): Promise<void>;
}

let databases = 0;

function run(cmd: string, args: string[], asPostgres: boolean): void {
	const [file, argv] = asPostgres
		? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
		: [cmd, args];
	const result = spawnSync(file, argv, { encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(
			`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`
		);
}

/**
 * `durable: false` (tests) turns fsync off: the tests kill server processes, never PostgreSQL, so
 * what they check does not depend on it, and commits are ~5 ms faster each on this disk. The
 * benchmarks keep it on.
 */
export async function startPostgres(opts: { durable?: boolean } = {}): Promise<TestPostgres> {
	const bin = postgresBin();
	const initdb = join(bin, 'initdb');
	if (!existsSync(initdb))
		throw new Error(
			`PostgreSQL is not installed (${initdb} is missing): apt-get install -y postgresql`
		);
	const asPostgres = process.getuid?.() === 0;
	const dir = mkdtempSync(join(tmpdir(), 'warrant-pg-'));
	if (asPostgres) {
		const { uid, gid } = postgresUser();
		chownSync(dir, uid, gid);
	}
	chmodSync(dir, 0o700);
	const data = join(dir, 'data');
	run(
		initdb,
		['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'],
		asPostgres
	);
	const port = await freePort();
	run(
		join(bin, 'pg_ctl'),
		[
			'-D',
			data,
			'-l',
			join(dir, 'log'),
			'-w',
			'-o',
			`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200` +
				(opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off'),
			'start'
		],
		asPostgres
	);
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	return {
		port,
		url,
		async createDatabase(name = `warrant_${process.pid}_${++databases}`) {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			try {
				await client.query(`CREATE DATABASE "${name}"`);
			} finally {
				await client.end();
			}
			return `postgres://postgres@127.0.0.1:${port}/${name}`;
		},
		async stop() {
			try {
				run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}

function postgresUser(): { uid: number; gid: number } {
	const out = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const gidOut = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (out.status !== 0)
		throw new Error('there is no postgres system user: apt-get install -y postgresql creates it');
	return { uid: Number(out.stdout.trim()), gid: Number(gidOut.stdout.trim()) };
}

export interface TestRedis {
	port: number;
	url: string;
	/** Stops the server (SIGKILL when `hard`), keeping the port; `start()` brings it back there. */
	stop(hard?: boolean): Promise<void>;
	start(): Promise<void>;
	/** Stops it for good and removes its directory. */
	destroy(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
	const binary = process.env.WARRANT_REDIS_BIN ?? '/usr/bin/redis-server';
	if (!existsSync(binary))
		throw new Error(
			`Redis is not installed (${binary} is missing): apt-get install -y redis-server`
		);
	const dir = mkdtempSync(join(tmpdir(), 'warrant-redis-'));
	const port = await freePort();
	let proc: ChildProcess | null = null;
	const start = async () => {
		const child = spawn(
			binary,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--dir',
				dir,
				'--save',
				'',
				'--appendonly',
				'no'
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		proc = child;
		let out = '';
		await new Promise<void>((resolve, reject) => {
			const onData = (d: Buffer) => {
				out += d;
				if (out.includes('Ready to accept connections')) {
					child.stdout!.off('data', onData);
					resolve();
				}
			};
			child.stdout!.on('data', onData);
			child.stderr!.on('data', (d) => (out += d));
			child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
		});
		// Keep reading so a full pipe never blocks it.
		child.stdout!.resume();
	};
	const stop = async (hard = false) => {
		const child = proc;
		proc = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill(hard ? 'SIGKILL' : 'SIGTERM');
		await exited;
	};
	await start();
	return {
		port,
		url: `redis://127.0.0.1:${port}`,
		stop,
		start,
		async destroy() {
			await stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
