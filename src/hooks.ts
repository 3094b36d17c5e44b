/**
 * Types that cross from the server's page data to the browser in their own way.
 */
import type { Transport } from '@sveltejs/kit';
import { KEEP_SERVER_MARKUP, PagePicture } from '$lib/view/page-picture';

export const transport: Transport = {
	// The picture is already in the page's HTML: only a marker travels (page-picture.ts).
	PagePicture: {
		encode: (value) => value instanceof PagePicture && [1],
		decode: () => new PagePicture(KEEP_SERVER_MARKUP)
	}
};
