import { sveltekit } from '@sveltejs/kit/vite';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
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

/** What Rolldown's chunking lets a group's `name` ask about a module (its static imports). */
interface ChunkingContext {
	getModuleInfo(id: string): { importedIds: readonly string[]; isEntry: boolean } | null;
}

/**
 * Fewer, larger chunks for the editor page's first view. Left to itself, Rolldown makes one chunk
 * per distinct set of importers, and with the lazily loaded panels (each its own entry) that was 24
 * script files for the editor page, fetched over HTTP/1.1's six connections before SvelteKit could
 * start. Here every module the editor page imports statically (with the app's entry and the root
 * layout and error page, which every page loads) goes into a chunk by the other pages that also
 * import it statically, so that each page loads only what it uses:
 *
 * - `shared`: every other page's too (the list of maps, the report);
 * - `shared-<pages>`: some other pages' too (e.g. the report's but not the list's);
 * - `editor`: only the editor page's.
 *
 * Modules outside that set (lazy panels, dialogs, cytoscape, the layout worker) keep Rolldown's own
 * chunking, so nothing loads earlier than before; a lazy panel finds what it shares with the
 * editor already loaded. No cycle can arise: a module's imports are used by every page that uses
 * it, so they sit in the same chunk or a more widely shared one. Route
 * entry modules themselves stay in their entry chunks (SvelteKit loads them by name).
 */
function firstViewChunks(root: string) {
	const generated = resolve(root, '.svelte-kit/generated/client-optimized');
	const node = (i: number) => `${generated}/nodes/${i}.js`;
	const EDITOR_PAGE = '/src/routes/map/[id]/+page.svelte';
	let made: { app: object; groups: Map<string, string> } | null = null;

	function closure(ctx: ChunkingContext, roots: string[]): Set<string> {
		const seen = new Set<string>();
		const todo = roots.filter((r) => ctx.getModuleInfo(r));
		while (todo.length) {
			const id = todo.pop()!;
			if (seen.has(id)) continue;
			seen.add(id);
			for (const dep of ctx.getModuleInfo(id)?.importedIds ?? [])
				if (!seen.has(dep)) todo.push(dep);
		}
		return seen;
	}

	function groupsOf(ctx: ChunkingContext): Map<string, string> {
		const base = [
			`${generated}/app.js`,
			resolve(root, 'node_modules/@sveltejs/kit/src/runtime/client/entry.js'),
			node(0),
			node(1)
		];
		const nodes: string[] = [];
		for (let i = 2; ctx.getModuleInfo(node(i)); i++) nodes.push(node(i));
		const isEditor = (n: string) =>
			ctx.getModuleInfo(n)!.importedIds.some((d) => d.endsWith(EDITOR_PAGE));
		// Loud, not a quiet fall-back to Rolldown's 24 files: the editor page moved or SvelteKit's
		// generated route nodes changed shape, and this function must follow.
		if (!nodes.some(isEditor))
			throw new Error(
				`firstViewChunks: no route node imports ${EDITOR_PAGE}; update vite.config.ts`
			);
		const editor = closure(ctx, [...base, ...nodes.filter(isEditor)]);
		const others = nodes
			.map((n, i) => ({ page: i + 2, uses: closure(ctx, [...base, n]) }))
			.filter((_, i) => !isEditor(nodes[i]));
		const groups = new Map<string, string>();
		for (const id of editor) {
			if (ctx.getModuleInfo(id)?.isEntry) continue;
			const pages = others.filter((o) => o.uses.has(id)).map((o) => o.page);
			groups.set(
				id,
				pages.length === 0
					? 'editor'
					: pages.length === others.length
						? 'shared'
						: `shared-${pages.join('-')}`
			);
		}
		return groups;
	}

	const groupOf = (id: string, ctx: ChunkingContext): string | null => {
		// The client build only (the server build has no such app module), worked out once per build.
		const app = ctx.getModuleInfo(`${generated}/app.js`);
		if (!app) return null;
		if (made?.app !== app) made = { app, groups: groupsOf(ctx) };
		return made.groups.get(id) ?? null;
	};
	// The most widely shared first: a group also takes in its members' imports, so `editor` alone
	// would swallow the shared modules too (and the list of maps would load the editor). A module's
	// imports are used by at least the pages that use it, so each group finds its members' imports
	// already taken by a group before it, or in its own.
	const kinds: Array<(g: string) => boolean> = [
		(g) => g === 'shared',
		(g) => g.startsWith('shared-'),
		(g) => g === 'editor'
	];
	return kinds.map((is, i) => ({
		name: (id: string, ctx: ChunkingContext) => {
			const g = groupOf(id, ctx);
			return g !== null && is(g) ? g : null;
		},
		priority: kinds.length - i
	}));
}

/** Files directly under tests/ that start processes (child `node` runs, Chromium): not unit specs. */
const SERVER_BACKED = ['tests/export-cli.test.ts'];

export default defineConfig({
	plugins: [sveltekit(), warrantBackend()],
	// WARRANT_SOURCEMAP=1 npm run build: source maps for profiling the built app (not shipped).
	build: {
		sourcemap: Boolean(process.env.WARRANT_SOURCEMAP),
		rollupOptions: {
			output: { codeSplitting: { groups: firstViewChunks(import.meta.dirname) } }
		}
	},
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
