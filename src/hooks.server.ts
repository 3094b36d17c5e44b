/**
 * The editor page asks `/api/maps/<id>/state` for the map before it can draw anything. Its HTML
 * already tells the browser to fetch it (`<link rel="preload" as="fetch">`), so the request runs
 * while the scripts download instead of after they have run; the page's own fetch of the same URL
 * (access.ts, same mode and credentials) is then answered from the preload.
 */
import type { Handle } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import { tokenFromUrl, withToken } from '$lib/sync/access';

const MAP_PAGE = /^\/map\/([^/]+)\/?$/;

const attr = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The preload tag for a map page's URL, or null for any other URL. */
export function statePreload(url: URL): string | null {
	const m = MAP_PAGE.exec(url.pathname);
	if (!m || !isMapId(m[1])) return null;
	const href = withToken(`/api/maps/${m[1]}/state`, tokenFromUrl(url));
	return `<link rel="preload" href="${attr(href)}" as="fetch" crossorigin="anonymous">`;
}

export const handle: Handle = ({ event, resolve }) => {
	const tag = statePreload(event.url);
	if (!tag) return resolve(event);
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('</head>', `\t${tag}\n\t</head>`)
	});
};
