/**
 * Finds the map to export. A path to a file (anything ending in .json or naming an existing file)
 * is read as a warrant-map file. A map id is read from the server's storage at DATA_DIR (read-only,
 * the live state with every edit), and only when storage has no such map from MAPS_DIR/<id>.json
 * (the file the server would import it from). `from` says which was used. With `version`, the map
 * as it was at that moment of its history (storage only: a file has no history).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { docToFile, parseMapFileText, type MapFile } from '../../src/lib/model/mapfile';
import { isMapId } from '../../src/lib/model/schema';
import { loadDoc } from '../../src/server/rooms/load-doc';
import { momentState } from '../../src/server/history/moment-state';
import { parseMoment } from '../../src/server/history/moments';
import { docOfState } from '../../src/server/work/history-jobs';
import { UsageError } from './args';
import { openReadOnlyStorage } from './readonly-storage';

export interface LoadedMap {
	file: MapFile;
	id: string;
	from: string;
}

function readFile(path: string, what: string): MapFile {
	let text: string;
	try {
		if (statSync(path).isDirectory()) throw new UsageError(`${what} is a directory`);
		text = readFileSync(path, 'utf8');
	} catch (err) {
		if (err instanceof UsageError) throw err;
		throw new UsageError(`cannot read ${what}: ${(err as NodeJS.ErrnoException).code ?? err}`);
	}
	const parsed = parseMapFileText(text);
	if (!parsed.ok) throw new UsageError(`${what} is not a valid warrant-map file: ${parsed.error}`);
	return parsed.value;
}

export async function loadMap(
	arg: string,
	env: { dataDir: string; mapsDir: string },
	version: string | null = null
): Promise<LoadedMap> {
	const looksLikePath = arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');
	const moment = version === null ? null : parseMoment(version);
	if (moment && !moment.ok) throw new UsageError(`--version: ${moment.error}`);
	if (looksLikePath || (!isMapId(arg) && existsSync(arg))) {
		if (moment) throw new UsageError('--version needs a map id in storage: a file has no history');
		const file = readFile(arg, arg);
		return { file, id: file.id ?? 'map', from: `file ${arg}` };
	}
	if (!isMapId(arg))
		throw new UsageError(
			`${JSON.stringify(arg)} is neither a map id (a-z, 0-9, -) nor a .json file`
		);
	const storage = openReadOnlyStorage(env.dataDir);
	const why = storage ? `not in storage ${storage.path}` : `no storage at ${env.dataDir}`;
	if (storage && moment?.ok) {
		try {
			const found = await momentState(storage, arg, moment.moment, '--version');
			if (!found.ok)
				throw new UsageError(
					found.status === 404 && found.error === `no map ${arg}`
						? `no map ${arg} in ${storage.path}`
						: found.error
				);
			const doc = docOfState(found.state);
			try {
				const label = `storage ${storage.path}, step ${found.seq}`;
				return { file: docToFile(doc, arg), id: arg, from: label };
			} catch (err) {
				throw new UsageError(
					`map ${arg} at step ${found.seq} cannot be read: ${(err as Error).message}`
				);
			} finally {
				doc.destroy();
			}
		} finally {
			await storage.close();
		}
	}
	if (moment) throw new UsageError(`--version needs the map in storage; ${why}`);
	if (storage) {
		try {
			const loaded = await loadDoc(storage, arg);
			if (loaded) {
				try {
					return { file: docToFile(loaded.doc, arg), id: arg, from: `storage ${storage.path}` };
				} catch (err) {
					throw new UsageError(
						`map ${arg} in ${storage.path} cannot be read: ${(err as Error).message}`
					);
				}
			}
		} finally {
			await storage.close();
		}
	}
	const path = join(env.mapsDir, `${arg}.json`);
	if (!existsSync(path))
		throw new UsageError(
			`no map ${JSON.stringify(arg)}: not in storage (${resolve(env.dataDir)}) nor at ${path}`
		);
	return { file: readFile(path, path), id: arg, from: `file ${path} (${why})` };
}
