/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline shell: lets an editor page reload while the server is unreachable. The built app and
 * static files are cached at install, with two empty pages: the home page and an editor page for no
 * map (`/map/_`, rendered on the server without a picture or an essay). A navigation that fails is
 * answered with the cached page of its kind; the editor then starts for the URL's map, which loads
 * from the browser's IndexedDB copy (see $lib/sync/offline.ts). The API and the websocket are never cached.
 * Registered by the editor once a map is ready (see $lib/sync/offline.ts `registerOfflineShell`).
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `warrant-shell-${version}`;
// The shell's asset paths are relative, so each route depth needs its own copy: the home page and
// any map page (`/map/_` is a map page whose id the client would refuse; the server sends the shell).
const HOME_SHELL = '/';
const MAP_SHELL = '/map/_';
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((c) => c.addAll([...ASSETS, HOME_SHELL, MAP_SHELL]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;
	if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/yjs')) return;
	if (ASSETS.has(url.pathname)) {
		// Built files have content hashes (or belong to this version): the cache is always right.
		event.respondWith(caches.match(req).then((hit) => hit ?? fetch(req)));
		return;
	}
	if (req.mode === 'navigate') {
		event.respondWith(
			fetch(req).catch(
				async () =>
					(await caches.match(url.pathname.startsWith('/map/') ? MAP_SHELL : HOME_SHELL)) ??
					Response.error()
			)
		);
	}
});
