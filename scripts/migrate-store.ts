/**
 * `npm run migrate-store -- --from <place> --to <place>`: copies every map — listing row, snapshot,
 * every log row kept with its time and author, history checkpoints, named versions and the share
 * record — from one store to another. A place is a data directory (SQLite, `warrant.sqlite` in it)
 * or a PostgreSQL URL (`postgres://…`). All or nothing: every map is read first, then written in one
 * transaction of the target; a map whose id the target already has is left alone, so running it
 * twice changes nothing. Prints what it moved.
 *
 * Exit status: 0 done (or nothing to do), 1 bad arguments, 2 the move failed (nothing written).
 * Stop the servers first: maps edited during the copy may miss the last edits.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPostgresUrl, openStorage } from '../src/server/storage/open';
import { DATABASE_FILE } from '../src/server/storage/sqlite';
import type { MapDump } from '../src/server/storage/storage';

type Place = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; url: string };

class UsageError extends Error {}

function parsePlace(value: string | undefined, flag: string): Place {
	if (!value) throw new UsageError(`${flag} is missing (a data directory or a postgres:// URL)`);
	if (isPostgresUrl(value)) return { kind: 'postgres', url: value };
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
		throw new UsageError(`${flag} ${value}: only data directories and postgres:// URLs are stores`);
	return { kind: 'sqlite', dir: resolve(value) };
}

function parseArgs(argv: string[]): { from: Place; to: Place } {
	const values = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg !== '--from' && arg !== '--to') throw new UsageError(`unknown argument ${arg}`);
		if (values.has(arg)) throw new UsageError(`${arg} given twice`);
		const value = argv[++i];
		if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
		values.set(arg, value);
	}
	const from = parsePlace(values.get('--from'), '--from');
	const to = parsePlace(values.get('--to'), '--to');
	if (from.kind === 'sqlite' && !existsSync(join(from.dir, DATABASE_FILE)))
		throw new UsageError(`--from ${from.dir}: there is no ${DATABASE_FILE} there`);
	if (JSON.stringify(from) === JSON.stringify(to))
		throw new UsageError('--from and --to are the same store');
	return { from, to };
}

const describe = (place: Place) =>
	place.kind === 'sqlite'
		? join(place.dir, DATABASE_FILE)
		: place.url.replace(/\/\/[^@/]*@/, '//…@'); // never print a password

const open = (place: Place) =>
	openStorage(
		place.kind === 'sqlite' ? { dataDir: place.dir } : { dataDir: '', databaseUrl: place.url }
	);

async function main(): Promise<number> {
	let args: { from: Place; to: Place };
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (err) {
		if (!(err instanceof UsageError)) throw err;
		console.error(`migrate-store: ${err.message}`);
		console.error('usage: npm run migrate-store -- --from <data dir | postgres://…> --to <…>');
		return 1;
	}
	const source = await open(args.from);
	try {
		const dumps: MapDump[] = [];
		for (const { id } of await source.listMaps()) {
			const dump = await source.dumpMap(id);
			if (dump) dumps.push(dump);
		}
		const target = await open(args.to);
		try {
			const { imported, skipped } = await target.importMaps(dumps);
			const moved = dumps.filter((d) => imported.includes(d.summary.id));
			const count = (f: (d: MapDump) => number) => moved.reduce((n, d) => n + f(d), 0);
			console.log(
				`migrate-store: ${describe(args.from)} → ${describe(args.to)}: moved ${moved.length} ` +
					`map${moved.length === 1 ? '' : 's'} (${count((d) => d.rows.length)} log rows, ` +
					`${count((d) => d.checkpoints.length)} checkpoints, ${count((d) => d.versions.length)} ` +
					`named versions, ${count((d) => (d.share ? 1 : 0))} share records); ` +
					`${skipped.length} already there, left unchanged`
			);
			for (const d of moved)
				console.log(
					`  moved ${d.summary.id}: ${d.summary.nodeCount} nodes, ${d.summary.edgeCount} edges, ` +
						`${d.rows.length} log rows${d.share ? ', protected' : ''}`
				);
			for (const id of skipped) console.log(`  already there: ${id}`);
		} finally {
			await target.close();
		}
	} finally {
		await source.close();
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(`migrate-store: failed, nothing was written: ${String(err)}`);
		process.exit(2);
	}
);
