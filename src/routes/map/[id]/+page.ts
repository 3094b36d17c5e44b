import { error } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import { checkAccess, tokenFromUrl } from '$lib/sync/access';
import { loadCytoscape } from '$lib/view/cy';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url }) => {
	if (!isMapId(params.id)) error(404, `"${params.id}" is not a map id`);
	// Start fetching cytoscape, and asking what the link allows (with the map itself, see access.ts),
	// while the page component loads rather than after it mounts: both stand between navigation and
	// a drawn map. The page's HTML has already started the second request (hooks.server.ts).
	void loadCytoscape();
	const token = tokenFromUrl(url);
	// Not awaited: SvelteKit passes the promise through, and the page connects when it settles.
	return { id: params.id, access: checkAccess(params.id, token) };
};
