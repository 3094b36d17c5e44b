import { sveltekit } from '@sveltejs/kit/vite';
import type { Server } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Serves the HTTP API and the y-websocket endpoint from Vite's dev server, with the same backend as
 * `npm start` (loaded through Vite so that `$lib` and TypeScript work). Upgrades for other paths
 * (Vite's HMR socket) are left alone. Vitest also creates a Vite server: no backend there.
 */
function warrantBackend(): Plugin {
	return {
		name: 'warrant-backend',
		async configureServer(server: ViteDevServer) {
			if (process.env.VITEST) return;
			const mod = (await server.ssrLoadModule(
				'/src/server/backend.ts'
			)) as typeof import('./src/server/backend');
			const backend = await mod.createBackend({
				dataDir: process.env.DATA_DIR ?? './data',
				mapsDir: process.env.MAPS_DIR ?? './maps',
				databaseUrl: process.env.DATABASE_URL,
				redisUrl: process.env.REDIS_URL
			});
			server.middlewares.use(backend.middleware);
			const http = server.httpServer as Server | null;
			http?.on('upgrade', (req, socket, head) => {
				if (backend.ownsUpgrade(req)) backend.handleUpgrade(req, socket, head);
			});
			http?.on('close', () => void backend.close());
		}
	};
}

/** Files directly under tests/ that start processes (child `node` runs, Chromium): not unit specs. */
const SERVER_BACKED = ['tests/export-cli.test.ts'];

export default defineConfig({
	plugins: [sveltekit(), warrantBackend()],
	// WARRANT_SOURCEMAP=1 npm run build: source maps for profiling the built app (not shipped).
	build: { sourcemap: Boolean(process.env.WARRANT_SOURCEMAP) },
	// Module workers, so that the layout worker loads ELK (about 440 KB gzip) as a chunk of its own,
	// only when it lays out a large map (`src/lib/view/layout.worker.ts`); an IIFE worker would
	// carry it inline and every map that starts the worker would download it.
	worker: { format: 'es' },
	test: {
		testTimeout: 30_000,
		hookTimeout: 120_000,
		// Three projects, run one after the other (groupOrder): the unit specs, which need nothing but
		// Node, two files at a time (the machine may have only 2 cores); then the files that start
		// processes of their own (the built server, the export CLI, Chromium), one file at a time, so
		// that no two of them compete for the cores and no timeout depends on what else runs.
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'tests/*.test.ts'],
					exclude: SERVER_BACKED,
					maxWorkers: 2,
					sequence: { groupOrder: 0 }
				}
			},
			{
				extends: true,
				test: {
					name: 'server',
					include: ['tests/integration/**/*.test.ts', ...SERVER_BACKED],
					fileParallelism: false,
					sequence: { groupOrder: 1 }
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					fileParallelism: false,
					sequence: { groupOrder: 2 }
				}
			}
		]
	}
});
