import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { isMapId } from '$lib/model/schema';
import { checkAccess, pageStateAccess, tokenFromUrl, type AccessResult } from '$lib/sync/access';
import { loadCytoscape } from '$lib/view/cy';
import type { PageLoad } from './$types';

// The page's HTML is rendered on the server with the map's picture and its essay
// (+page.server.ts); the editor itself starts in the browser.
export const ssr = true;

export const load: PageLoad = ({ params, url, data: { state, ...data } }) => {
	// On the server a bad id still gets the page's empty shell: the offline shell the service worker
	// keeps is `/map/_` (service-worker.ts), which the browser then loads for a real map's URL.
	if (!isMapId(params.id) && browser) error(404, `"${params.id}" is not a map id`);
	// In the browser, start fetching cytoscape, and asking what the link allows (with the map itself,
	// see access.ts), while the page component loads rather than after it mounts: both stand
	// between navigation and a drawn map. The page's HTML has already started the second request
	// (its preload link).
	if (browser) void loadCytoscape();
	// The server streams the map's document with the page when the link admits it
	// (+page.server.ts): no request then. Otherwise (refused, a grant only the browser's key proves,
	// too large, or the offline shell, which has no server data) `/state` is asked.
	const token = tokenFromUrl(url);
	const access: Promise<AccessResult> = !browser
		? // Rendering on the server: the editor starts only in the browser.
			new Promise(() => {})
		: Promise.resolve(state).then(
				(s) => (s ? pageStateAccess(params.id, token, s) : checkAccess(params.id, token)),
				() => checkAccess(params.id, token)
			);
	// Not awaited: SvelteKit passes the promise through, and the page connects when it settles.
	return { ...data, id: params.id, access, token };
};
