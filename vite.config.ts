import { sveltekit } from '@sveltejs/kit/vite';
import type { Server } from 'node:http';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Serves the HTTP API and the y-websocket endpoint from Vite's dev and preview servers, with the same
 * backend as `npm start`. Upgrades for other paths (Vite's HMR socket) are left alone.
 */
function warrantBackend(): Plugin {
	const attach = async (server: ViteDevServer | PreviewServer) => {
		const { createBackend } = await import('./src/server/backend');
		const backend = await createBackend({
			dataDir: process.env.DATA_DIR ?? './data',
			mapsDir: process.env.MAPS_DIR ?? './maps'
		});
		server.middlewares.use(backend.middleware);
		const http = server.httpServer as Server | null;
		http?.on('upgrade', (req, socket, head) => {
			if (backend.ownsUpgrade(req)) backend.handleUpgrade(req, socket, head);
		});
		http?.on('close', () => void backend.close());
	};
	return {
		name: 'warrant-backend',
		configureServer: (server) => attach(server),
		configurePreviewServer: (server) => attach(server)
	};
}

export default defineConfig({
	plugins: [sveltekit(), warrantBackend()],
	test: {
		include: ['src/**/*.spec.ts', 'tests/**/*.test.ts'],
		testTimeout: 30_000,
		hookTimeout: 120_000,
		fileParallelism: false
	}
});
