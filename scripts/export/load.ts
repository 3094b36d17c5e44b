/**
 * Finds the map to export. A path to a file (anything ending in .json or naming an existing file)
 * is read as a warrant-map file. A map id is read from the server's storage at DATA_DIR (read-only,
 * the live state with every edit), and only when storage has no such map from MAPS_DIR/<id>.json
 * (the file the server would import it from). `from` says which was used.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { docToFile, parseMapFileText, type MapFile } from '../../src/lib/model/mapfile';
import { isMapId } from '../../src/lib/model/schema';
import { loadDoc } from '../../src/server/rooms/load-doc';
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
	env: { dataDir: string; mapsDir: string }
): Promise<LoadedMap> {
	const looksLikePath = arg.endsWith('.json') || arg.includes('/') || arg.includes('\\');
	if (looksLikePath || (!isMapId(arg) && existsSync(arg))) {
		const file = readFile(arg, arg);
		return { file, id: file.id ?? 'map', from: `file ${arg}` };
	}
	if (!isMapId(arg))
		throw new UsageError(
			`${JSON.stringify(arg)} is neither a map id (a-z, 0-9, -) nor a .json file`
		);
	const storage = openReadOnlyStorage(env.dataDir);
	const why = storage ? `not in storage ${storage.path}` : `no storage at ${env.dataDir}`;
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
