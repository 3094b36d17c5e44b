import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the Node server (`src/server/main.ts`) into `dist/server.js`, and the extraction worker
 * (`src/server/extract/worker.ts`) into `dist/extract-worker.js` beside it, where `extract/run.ts`
 * looks for it, and the worker pool's worker (`src/server/work/worker.ts`) into
 * `dist/work-worker.js`, where `work/pool.ts` looks for it; dependencies stay external.
 */
export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	build: {
		ssr: true,
		outDir: 'dist',
		emptyOutDir: true,
		target: 'node20',
		sourcemap: true,
		rollupOptions: {
			// scripts/start.js imports the bundle, so `checkJs` would type-check it; its sources are checked.
			input: {
				server: 'src/server/main.ts',
				'extract-worker': 'src/server/extract/worker.ts',
				'work-worker': 'src/server/work/worker.ts'
			},
			output: { entryFileNames: '[name].js', banner: '// @ts-nocheck' }
		}
	}
});
