/**
 * The editor page's server side: what a reader sees before the editor's code has run, for callers
 * the map's link admits (a protected map's page without its token carries no picture and none of
 * the map's words): the map's picture, placed where cytoscape's first view will show it, and the
 * essay with its coverage, which the page renders with the editor's own SourcePane.
 */
import { isMapId } from '$lib/model/schema';
import { tokenFromUrl } from '$lib/sync/access';
import { PagePicture, pictureImg } from '$lib/view/page-picture';
import type { PageServerLoad } from './$types';

/** The picture's element in the page (+page.svelte), which the CSS below places. */
const MAP_PREVIEW_IMG = '#warrant-map-preview>img';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	if (!isMapId(params.id) || !locals.backend) return { preview: null };
	const preview = await locals.backend.pagePreview(params.id, tokenFromUrl(url)).catch(() => null);
	if (!preview) return { preview: null };
	return {
		preview: {
			map: preview.map
				? {
						picture: new PagePicture(pictureImg(preview.map.svg)),
						css: preview.map.css(MAP_PREVIEW_IMG)
					}
				: null,
			essay: preview.essay
		}
	};
};
