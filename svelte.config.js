import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Shared test fixtures and helpers (tests/), for specs beside the code and the test files
		// alike; an alias here reaches Vite, vitest and svelte-check (through .svelte-kit/tsconfig.json).
		alias: { $tests: 'tests' },
		// Registered by the editor once a map is ready, not at every page load (src/service-worker.ts).
		serviceWorker: { register: false }
	}
};

export default config;
