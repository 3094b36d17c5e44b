import { error } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	if (!isMapId(params.id)) error(404, `"${params.id}" is not a map id`);
	return { id: params.id };
};
