/**
 * Types that cross from the server's page data to the browser in their own way.
 */
import type { Transport } from '@sveltejs/kit';
import { KEEP_SERVER_MARKUP, ServerMarkup } from '$lib/view/server-markup';

export const transport: Transport = {
	// Already in the page's HTML: only a marker travels (server-markup.ts).
	ServerMarkup: {
		encode: (value) => value instanceof ServerMarkup && [1],
		decode: () => new ServerMarkup(KEEP_SERVER_MARKUP)
	}
};
