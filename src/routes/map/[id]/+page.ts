import { error } from '@sveltejs/kit';
import { browser } from '$app/environment';
import { isMapId } from '$lib/model/schema';
import { checkAccess, tokenFromUrl, type AccessResult } from '$lib/sync/access';
import { loadCytoscape } from '$lib/view/cy';
import type { PageLoad } from './$types';

// The page's HTML is rendered on the server with the map's picture and its essay
// (+page.server.ts); the editor itself starts in the browser.
export const ssr = true;

export const load: PageLoad = ({ params, url, data }) => {
	// On the server a bad id still gets the page's empty shell: the offline shell the service worker
	// keeps is `/map/_` (service-worker.ts), which the browser then loads for a real map's URL.
	if (!isMapId(params.id) && browser) error(404, `"${params.id}" is not a map id`);
	// In the browser, start fetching cytoscape, and asking what the link allows (with the map itself,
	// see access.ts), while the page component loads rather than after it mounts: both stand
	// between navigation and a drawn map. The page's HTML has already started the second request
	// (its preload link).
	if (browser) void loadCytoscape();
	const access: Promise<AccessResult> = browser
		? checkAccess(params.id, tokenFromUrl(url))
		: // Rendering on the server: the editor starts only in the browser.
			new Promise(() => {});
	// Not awaited: SvelteKit passes the promise through, and the page connects when it settles.
	return { ...data, id: params.id, access, token: tokenFromUrl(url) };
};
