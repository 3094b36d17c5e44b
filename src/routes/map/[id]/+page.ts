import { error } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import { loadCytoscape } from '$lib/view/cy';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	if (!isMapId(params.id)) error(404, `"${params.id}" is not a map id`);
	// Start fetching cytoscape while the page component loads, rather than after it mounts.
	void loadCytoscape();
	return { id: params.id };
};
