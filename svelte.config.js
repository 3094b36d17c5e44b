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
		serviceWorker: { register: false },
		// Every stylesheet a page needs goes into its HTML (one <style>), not as render-blocking links:
		// the editor page linked 13 files (the lazily loaded panels' CSS is in its list too, so that
		// they never open unstyled), which on HTTP/1.1's six connections held back its scripts. All of
		// them together are about 40 KB; the largest file, the editor's own, is 24 KB.
		inlineStyleThreshold: 32_768
	}
};

export default config;
