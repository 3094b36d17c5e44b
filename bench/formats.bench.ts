/**
 * Export and import times of every data format, for the largest map in `maps/` and a generated
 * 1,000-node map (seeded, so every run measures the same map). Each figure is the median of several
 * runs after a warm-up. Run: `npx tsx bench/formats.bench.ts` (or `npm run bench -- formats`).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FORMATS, IMPORT_FORMATS, exportMap, importMap } from '../src/lib/formats/index';
import { parseMapFileText, type MapFile } from '../src/lib/model/mapfile';
import { generatedMap } from '../tests/fixtures/formats/maps';

const RUNS = 7;

function median(fn: () => void): number {
	fn();
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		fn();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

function largestShippedMap(): { name: string; map: MapFile } | null {
	const files = readdirSync('maps')
		.filter((f) => f.endsWith('.json'))
		.map((f) => ({ f, size: statSync(join('maps', f)).size }))
		.sort((a, b) => b.size - a.size);
	if (files.length === 0) return null;
	const parsed = parseMapFileText(readFileSync(join('maps', files[0].f), 'utf8'));
	if (!parsed.ok) throw new Error(`maps/${files[0].f}: ${parsed.error}`);
	return { name: `maps/${files[0].f}`, map: parsed.value };
}

const subjects: Array<{ label: string; map: MapFile }> = [];
const shipped = largestShippedMap();
if (shipped)
	subjects.push({ label: `${shipped.map.nodes.length} nodes (${shipped.name})`, map: shipped.map });
else console.log('maps/ holds no map; only the generated map is measured');
subjects.push({ label: '1000 nodes (generated)', map: generatedMap(1000, 11) });

for (const { label, map } of subjects) {
	for (const format of DATA_FORMATS) {
		const ms = median(() => exportMap(map, format));
		console.log(`${format} export ${label}: median ${ms.toFixed(1)} ms`);
	}
	for (const format of IMPORT_FORMATS) {
		const body = exportMap(map, format).body;
		const filename = format === 'argdown' ? 'map.argdown' : 'map.json';
		const check = importMap(body, { filename });
		if (!check.ok) throw new Error(`${format} import failed: ${check.error}`);
		const ms = median(() => importMap(body, { filename }));
		console.log(
			`${format} import ${label}: median ${ms.toFixed(1)} ms (${(body.length / 1024).toFixed(0)} KiB)`
		);
	}
}
