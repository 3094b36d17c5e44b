/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after another, so that one
 * benchmark's memory and timers never disturb the next. Each prints its own figures.
 * `npm run bench -- name` runs only the files whose name contains `name`.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2] ?? '';
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
	.sort();
let failed = 0;
for (const file of files) {
	console.log(`\n== ${file}`);
	const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(dir, file)], {
		stdio: 'inherit'
	});
	if (run.status !== 0) failed++;
}
if (failed > 0) {
	console.error(`${failed} benchmark file(s) failed`);
	process.exit(1);
}
