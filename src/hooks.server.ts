/**
 * The editor page (`/map/<id>`) is rendered in the browser, but its HTML already carries two things
 * so that a reader sees the map before the editor's code has run:
 * - `<link rel="preload">` of `/api/maps/<id>/state`, which the page's load then finds already
 *   fetched (access.ts), instead of asking only once the scripts have run;
 * - a picture of the map (map-preview.ts), drawn by the backend in this process (bridge.ts) for
 *   callers the map's link admits, placed where the map pane will be; the editor moves it into the
 *   pane and removes it once cytoscape has drawn the live map (map-preview-dom.ts).
 */
import type { Handle } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import { tokenFromUrl, withToken } from '$lib/sync/access';
import { MAP_PREVIEW_ID } from '$lib/view/map-preview-dom';
import { backendBridge } from './server/bridge';

const MAP_PAGE = /^\/map\/([^/]+)\/?$/;

const attr = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Until the app mounts, the picture's box is where the editor's map pane will be: right of the
 * reading pane (`minmax(260px, 32%)`, routes/map/[id]/+page.svelte) and under the header and
 * toolbar (their height on a desktop-wide window); once the editor mounts, it fits the pane.
 */
const PANES_TOP = 106;
const BOX =
	`#${MAP_PREVIEW_ID}{position:fixed;left:max(260px,32%);top:${PANES_TOP}px;right:0;bottom:0;` +
	`container-type:size;overflow:hidden;pointer-events:none;z-index:1}` +
	`#${MAP_PREVIEW_ID} img{display:block}`;

export const handle: Handle = async ({ event, resolve }) => {
	const m = MAP_PAGE.exec(event.url.pathname);
	if (!m || !isMapId(m[1]) || event.request.method !== 'GET') return resolve(event);
	const id = m[1];
	const token = tokenFromUrl(event.url);
	const preload = `<link rel="preload" href="${attr(withToken(`/api/maps/${id}/state`, token))}" as="fetch" crossorigin="anonymous">`;
	const preview = await (backendBridge()?.mapPreview(id, token) ?? null)?.catch(() => null);
	const head = preview
		? `${preload}\n\t\t<style>${BOX}${preview.css(`#${MAP_PREVIEW_ID}>img`)}</style>`
		: preload;
	const body = preview
		? `<div id="${MAP_PREVIEW_ID}" data-testid="map-preview" aria-hidden="true"><img alt="" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}"></div>`
		: '';
	return resolve(event, {
		transformPageChunk: ({ html }) =>
			html
				.replace('</head>', `\t${head}\n\t</head>`)
				.replace(/<body[^>]*>/, (tag) => `${tag}\n\t\t${body}`)
	});
};
