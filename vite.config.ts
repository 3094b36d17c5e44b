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
				mapsDir: process.env.MAPS_DIR ?? './maps'
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

export default defineConfig({
	plugins: [sveltekit(), warrantBackend()],
	// WARRANT_SOURCEMAP=1 npm run build: source maps for profiling the built app (not shipped).
	build: { sourcemap: Boolean(process.env.WARRANT_SOURCEMAP) },
	test: {
		include: ['src/**/*.spec.ts', 'tests/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		fileParallelism: false
	}
});
