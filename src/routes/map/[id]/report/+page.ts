import { error } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import { tokenFromUrl } from '$lib/sync/access';
import type { PageLoad } from './$types';

// The report is read in the browser from the API (it needs the page's token); nothing to render
// on the server.
export const ssr = false;

export const load: PageLoad = ({ params, url }) => {
	if (!isMapId(params.id)) error(404, `"${params.id}" is not a map id`);
	return { id: params.id, token: tokenFromUrl(url) };
};
