/**
 * Imports `maps/*.json` at start-up: each file whose id (file name without `.json`) is not in
 * storage yet becomes a map. Storage is the truth from then on: a file is never imported twice and
 * edits are never written back to it. A bad file is reported (file name and reason) and skipped.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMapFileText } from '$lib/model/mapfile';
import { isMapId } from '$lib/model/schema';
import type { Logger } from '../log';
import type { Storage } from '../storage/storage';
import { newMapFromFile, storeNewMap } from './create';

export interface ImportReport {
	imported: string[];
	skipped: Array<{ file: string; reason: string }>;
}

export async function importMapFiles(storage: Storage, mapsDir: string, log: Logger): Promise<ImportReport> {
	const report: ImportReport = { imported: [], skipped: [] };
	let names: string[];
	try {
		names = (await readdir(mapsDir)).filter((name) => name.endsWith('.json')).sort();
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return report;
		throw err;
	}
	const skip = (file: string, reason: string) => {
		report.skipped.push({ file, reason });
		log.error(`map file ${file} skipped: ${reason}`);
	};
	for (const file of names) {
		const id = file.slice(0, -'.json'.length);
		if (!isMapId(id)) {
			skip(file, `file name ${JSON.stringify(id)} is not a valid map id (a-z, 0-9, -; at most 64)`);
			continue;
		}
		if (await storage.hasMap(id)) continue;
		let text: string;
		try {
			text = await readFile(join(mapsDir, file), 'utf8');
		} catch (err) {
			skip(file, `cannot read: ${(err as Error).message}`);
			continue;
		}
		const parsed = parseMapFileText(text);
		if (!parsed.ok) {
			skip(file, parsed.error);
			continue;
		}
		if (parsed.value.id !== undefined && parsed.value.id !== id)
			log.warn(`map file ${file}: its id ${parsed.value.id} differs from the file name; using ${id}`);
		const stored = await storeNewMap(storage, { ...newMapFromFile(parsed.value), requestedId: id });
		if (stored.ok) report.imported.push(id);
	}
	if (report.imported.length > 0) log.info(`imported map files: ${report.imported.join(', ')}`);
	return report;
}
