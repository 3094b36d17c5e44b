/**
 * The editor page's server side: what a reader sees before the editor's code has run, for callers
 * the map's link admits (a protected map's page without its token carries no picture and none of
 * the map's words): the map's picture, placed where cytoscape's first view will show it, and the
 * essay with its coverage shading, rendered by the editor's own SourcePane (still). Both travel as
 * markup only (server-markup.ts); the editor mounts in the browser and replaces them. With them,
 * for a map that opens folded to its main lines, the arrangement of those folds the picture shows
 * (`arrangement`: node ids and positions), which the editor draws without laying out anything.
 *
 * It also carries the map's document itself (`state`: what `/api/maps/<id>/state` would answer the
 * page, page-state.ts), so that the editor applies it without a request of its own. It is streamed:
 * SvelteKit sends the page's HTML (with its script preloads) as soon as the previews are ready and
 * the state in the same response once encoded (a promise in the page's data), so a large map's
 * state never holds the scripts back. Null for a caller the link does not admit (that page asks
 * `/state` itself, with the participant key an editor grant needs) and for a document over
 * `WARRANT_PAGE_STATE_MAX_BYTES` (the page asks `/state` too).
 */
import { render } from 'svelte/server';
import { groupParagraphs } from '$lib/model/paragraphs';
import { isMapId } from '$lib/model/schema';
import { tokenFromUrl, type PageState } from '$lib/sync/access';
import SourcePane from '$lib/view/components/SourcePane.svelte';
import { coverageLevel } from '$lib/view/coverage-levels';
import { ServerMarkup, pictureMarkup } from '$lib/view/server-markup';
import type { PageServerLoad } from './$types';

/** The picture's element in the page (+page.svelte), which the CSS below places. */
const MAP_PREVIEW_SVG = '#warrant-map-preview>svg';

type Previews = NonNullable<Awaited<ReturnType<NonNullable<App.Locals['backend']>['pagePreview']>>>;

/**
 * The markup, made once per preview: the backend keeps one preview object per document state
 * (page-preview.ts), so a seminar opening the same map renders it once, not once a student.
 */
const markup = new WeakMap<Previews, ReturnType<typeof makeMarkup>>();

function makeMarkup(preview: Previews) {
	const essay = preview.essay;
	return {
		// Only ids and positions: for the editor to draw its first view at once (fold-arrangement.ts).
		arrangement: preview.arrangement,
		map: preview.map
			? {
					picture: new ServerMarkup(pictureMarkup(preview.map.svg)),
					css: preview.map.css(MAP_PREVIEW_SVG)
				}
			: null,
		essay: essay
			? {
					title: essay.meta.title,
					markup: new ServerMarkup(
						render(SourcePane, {
							props: {
								still: true,
								meta: essay.meta,
								paragraphs: groupParagraphs(essay.sentences),
								coverage: new Map(
									essay.sentences.map((s) => [s.id, coverageLevel(essay.coverage[s.id] ?? 0)])
								),
								anchored: new Set<string>(),
								focused: null,
								onfocus: () => {}
							}
						}).body
					)
				}
			: null
	};
}

export const load: PageServerLoad = async ({ params, url, locals }) => {
	if (!isMapId(params.id) || !locals.backend) return { preview: null, state: null };
	const token = tokenFromUrl(url);
	// Not awaited: streamed after the HTML (see above). Never rejects: a failure is "ask /state".
	const state: Promise<PageState | null> = locals.backend.pageState(params.id, token).then(
		(s) => (s?.update ? { ...s, update: s.update } : null),
		() => null
	);
	const preview = await locals.backend.pagePreview(params.id, token).catch(() => null);
	let made = preview && markup.get(preview);
	if (preview && !made) markup.set(preview, (made = makeMarkup(preview)));
	return { preview: made ?? null, state };
};
