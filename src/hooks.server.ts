/**
 * The editor page (`/map/<id>`) is rendered in the browser, but its HTML already carries two things
 * so that a reader sees the map before the editor's code has run:
 * - `<link rel="preload">` of `/api/maps/<id>/state`, which the page's load then finds already
 *   fetched (access.ts), instead of asking only once the scripts have run;
 * - a picture of the map (map-preview.ts) and the essay with its coverage shading
 *   (essay-preview.ts), made by the backend in this process (bridge.ts) for callers the map's link
 *   admits, placed where the editor's panes will be; the editor fits them to its panes and removes
 *   them once cytoscape has drawn the live map (map-preview-dom.ts).
 */
import type { Handle } from '@sveltejs/kit';
import { isMapId } from '$lib/model/schema';
import { tokenFromUrl, withToken } from '$lib/sync/access';
import { ESSAY_PREVIEW_CSS } from '$lib/view/essay-preview';
import { ESSAY_PREVIEW_ID, MAP_PREVIEW_ID } from '$lib/view/map-preview-dom';
import { escapeMarkup } from '$lib/text/escape';
import { backendBridge } from './server/bridge';

const MAP_PAGE = /^\/map\/([^/]+)\/?$/;

/**
 * Until the app mounts, the previews' boxes are where the editor's panes will be: the map right of
 * the reading pane (`minmax(260px, 32%)`, routes/map/[id]/+page.svelte), the essay in the reading
 * pane, both under the header and toolbar, the essay also under the pane's tabs and coverage bar.
 * Those wrap as the window narrows, so their heights are given per window width, as measured in
 * Chromium (a guess for other fonts). Once the editor mounts, it fits the boxes to its panes.
 */
const TOPS: ReadonlyArray<{ maxWidth: number; panes: number; essay: number }> = [
	{ maxWidth: Infinity, panes: 106, essay: 182 },
	{ maxWidth: 1300, panes: 106, essay: 201 },
	{ maxWidth: 1200, panes: 135, essay: 230 },
	{ maxWidth: 1000, panes: 163, essay: 258 },
	{ maxWidth: 800, panes: 163, essay: 271 },
	{ maxWidth: 700, panes: 176, essay: 284 }
];
const tops = (rule: (t: (typeof TOPS)[number]) => string) =>
	TOPS.map((t) =>
		t.maxWidth === Infinity ? rule(t) : `@media (max-width:${t.maxWidth}px){${rule(t)}}`
	).join('');
const MAP_BOX =
	`#${MAP_PREVIEW_ID}{position:fixed;left:max(260px,32%);right:0;bottom:0;` +
	`container-type:size;overflow:hidden;pointer-events:none;z-index:1}` +
	`#${MAP_PREVIEW_ID} img{display:block}` +
	tops((t) => `#${MAP_PREVIEW_ID}{top:${t.panes}px}`);
const ESSAY_BOX =
	`#${ESSAY_PREVIEW_ID}{position:fixed;left:0;width:max(260px,32%);bottom:0;pointer-events:none;z-index:1}` +
	tops((t) => `#${ESSAY_PREVIEW_ID}{top:${t.essay}px}`);

export const handle: Handle = async ({ event, resolve }) => {
	const m = MAP_PAGE.exec(event.url.pathname);
	if (!m || !isMapId(m[1]) || event.request.method !== 'GET') return resolve(event);
	const id = m[1];
	const token = tokenFromUrl(event.url);
	const css: string[] = [];
	const body: string[] = [];
	const preview = await (backendBridge()?.pagePreview(id, token) ?? null)?.catch(() => null);
	if (preview?.map) {
		css.push(MAP_BOX, preview.map.css(`#${MAP_PREVIEW_ID}>img`));
		body.push(
			`<div id="${MAP_PREVIEW_ID}" data-testid="map-preview" aria-hidden="true"><img alt="" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.map.svg)}"></div>`
		);
	}
	if (preview?.essay) {
		css.push(ESSAY_BOX, ESSAY_PREVIEW_CSS(`#${ESSAY_PREVIEW_ID}`));
		body.push(
			`<div id="${ESSAY_PREVIEW_ID}" data-testid="essay-preview" aria-hidden="true">${preview.essay}</div>`
		);
	}
	const preload = `<link rel="preload" href="${escapeMarkup(withToken(`/api/maps/${id}/state`, token))}" as="fetch" crossorigin="anonymous">`;
	const head = css.length > 0 ? `${preload}\n\t\t<style>${css.join('')}</style>` : preload;
	return resolve(event, {
		transformPageChunk: ({ html }) =>
			html
				.replace('</head>', `\t${head}\n\t</head>`)
				.replace(/<body[^>]*>/, (tag) => `${tag}\n\t\t${body.join('')}`)
	});
};
