import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the Node server (`src/server/main.ts`) into `dist/server.js`; dependencies stay external. */
export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	build: {
		ssr: 'src/server/main.ts',
		outDir: 'dist',
		emptyOutDir: true,
		target: 'node20',
		sourcemap: true,
		rollupOptions: {
			// scripts/start.js imports the bundle, so `checkJs` would type-check it; its sources are checked.
			output: { entryFileNames: 'server.js', banner: '// @ts-nocheck' }
		}
	}
});
