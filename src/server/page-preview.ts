/**
 * What the editor page's HTML shows before the editor runs (routes/map/[id]/+page.server.ts, through
 * bridge.ts): the map's picture (`$lib/drawing/map-preview.ts`) and the essay with its coverage
 * (rendered by the editor's own SourcePane), for callers the map's link admits.
 */
import * as Y from 'yjs';
import type { MapPreview } from '$lib/drawing/map-preview';
import type { FirstArrangement } from '$lib/drawing/fold-arrangement';
import { getNodesMap } from '$lib/model/doc';
import type { ApiContext } from './http/context';
import { SCOPE_PLACEHOLDER, type EssayPreview } from './work/jobs';
import { encodedState } from './rooms/encoded-state';

export interface PagePreview {
	map: MapPreview | null;
	/** Null without a source text. */
	essay: EssayPreview | null;
	/** The arrangement of the map's default folds (work/jobs.ts), null when it opens unfolded. */
	arrangement: FirstArrangement | null;
}

/**
 * The previews for a caller presenting `token`. Null when the map does not exist or the token does
 * not admit the caller: a protected map's contents never reach a page without its link.
 */
export async function previewFor(
	ctx: ApiContext,
	id: string,
	token: string | null
): Promise<PagePreview | null> {
	if (!(await ctx.registry.exists(id))) return null;
	const decided = await ctx.access.decide(id, token);
	if (!decided.ok) return null;
	// Wrapped so the room's queue does not wait for the worker (a returned promise would be adopted).
	const made = await ctx.registry.withDoc(id, (doc) => ({ preview: cachedPreview(ctx, doc) }));
	return made ? made.preview : null;
}

/**
 * Made once per document state, in a worker (`work/jobs.ts`): a seminar opening the same map makes
 * it once, not once a student, and a large map never stalls the event loop. Entries live as long
 * as their Y.Doc (a loaded room's); any change to the document drops the entry, and the next page
 * view makes it again. A map with more than `previewMaxNodes` nodes gets no picture (its picture
 * would be megabytes of HTML that nobody can read at that scale); the essay still comes. A preview
 * that fails (busy pool, deadline) is simply left out of the page.
 */
const previews = new WeakMap<Y.Doc, { preview: Promise<PagePreview> | undefined }>();

function cachedPreview(ctx: ApiContext, doc: Y.Doc): Promise<PagePreview> {
	let entry = previews.get(doc);
	if (!entry) {
		const fresh: { preview: Promise<PagePreview> | undefined } = { preview: undefined };
		doc.on('update', () => (fresh.preview = undefined));
		previews.set(doc, fresh);
		entry = fresh;
	}
	if (!entry.preview) {
		const drawMap = getNodesMap(doc).size <= ctx.previewMaxNodes;
		const state = encodedState(doc);
		const made = ctx.work
			.run('preview', { state, drawMap })
			.then(({ map, essay, arrangement }): PagePreview => ({
				map: map
					? { svg: map.svg, css: (scope: string) => map.css.split(SCOPE_PLACEHOLDER).join(scope) }
					: null,
				essay,
				arrangement
			}));
		const current = entry;
		current.preview = made;
		// A failure is not cached: the next page view tries again.
		made.catch(() => {
			if (current.preview === made) current.preview = undefined;
		});
	}
	return entry.preview!;
}
