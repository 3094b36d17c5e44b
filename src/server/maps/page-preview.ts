/**
 * What the editor page's HTML shows before the editor runs (routes/map/[id]/+page.server.ts, through
 * bridge.ts): the map's picture (`$lib/drawing/map-preview.ts`) and the essay with its coverage
 * (rendered by the editor's own SourcePane), for callers the map's link admits.
 */
import type * as Y from 'yjs';
import { sentenceCoverage } from '$lib/model/coverage';
import { readMap } from '$lib/model/read';
import type { Meta, Sentence } from '$lib/model/schema';
import { mapPreview, type MapPreview } from '../../lib/drawing/map-preview';
import type { ApiContext } from '../http/context';

export interface EssayPreview {
	meta: Meta;
	sentences: Sentence[];
	/** How many nodes anchor each sentence, by sentence id (the coverage shading). */
	coverage: Record<string, number>;
}

export interface PagePreview {
	map: MapPreview | null;
	/** Null without a source text. */
	essay: EssayPreview | null;
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
	return ctx.registry.withDoc(id, cachedPreview);
}

/**
 * Drawn once per document state: a seminar opening the same map draws it once, not once a student.
 * Entries live as long as their Y.Doc (a loaded room's); any change to the document drops the
 * picture, and the next page view draws it again.
 */
const previews = new WeakMap<Y.Doc, { preview: PagePreview | undefined }>();

function cachedPreview(doc: Y.Doc): PagePreview {
	let entry = previews.get(doc);
	if (!entry) {
		const fresh: { preview: PagePreview | undefined } = { preview: undefined };
		doc.on('update', () => (fresh.preview = undefined));
		previews.set(doc, fresh);
		entry = fresh;
	}
	if (!entry.preview) {
		const view = readMap(doc);
		const essay =
			view.meta && view.sentences.length > 0
				? {
						// The sentences carry the text; the whole source text would only double the page.
						meta: { ...view.meta, source: { ...view.meta.source, text: '' } },
						sentences: view.sentences,
						coverage: Object.fromEntries(sentenceCoverage(view.sentences, view.nodes))
					}
				: null;
		entry.preview = { map: mapPreview(view), essay };
	}
	return entry.preview;
}
