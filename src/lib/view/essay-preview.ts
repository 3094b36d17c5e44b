/**
 * The essay as the editor's reading pane shows it, with its coverage shading, as HTML for the
 * editor page (see hooks.server.ts): with the map's picture (map-preview.ts), a reader sees the
 * essay and its map at the page's first paint; the editor replaces both once it has drawn the map.
 * Static and pure: title, byline, paragraphs of sentences, each with its coverage level.
 */
import type { MapView } from '$lib/model/read';
import { groupParagraphs } from '$lib/model/paragraphs';
import { escapeMarkup } from '$lib/text/escape';
import { coverageLevels } from './coverage-levels';

/** The CSS for `essayPreview`'s markup inside `scope`, as the reading pane looks. */
export const ESSAY_PREVIEW_CSS = (scope: string) =>
	`${scope}{background:#fffdf8;padding:12px 18px 40px;box-sizing:border-box;overflow:hidden;` +
	`font:15px/1.6 Georgia,'Times New Roman',serif;color:#1f2937;border-right:1px solid #e4e4e7}` +
	`${scope} h2{font-size:18px;margin:4px 0 2px}` +
	`${scope} .byline{margin:0 0 12px;color:#6b7280;font:13px system-ui,sans-serif}` +
	`${scope} [data-coverage='1']{background:#eef2ff}${scope} [data-coverage='2']{background:#e0e7ff}` +
	`${scope} [data-coverage='3']{background:#c7d2fe}` +
	// The pane's sentences are buttons, which lay out as inline blocks: the same flow here.
	`${scope} span{border-radius:3px;display:inline-block}`;

/** Null without a source text. */
export function essayPreview(view: MapView): string | null {
	if (!view.meta || view.sentences.length === 0) return null;
	const levels = coverageLevels(view.sentences, view.nodes);
	const paragraphs = groupParagraphs(view.sentences);
	const { source, title } = view.meta;
	const byline = [source.author, source.publication, source.date].filter(Boolean).join(' · ');
	const body = paragraphs
		.map(
			(p) =>
				`<p>${p.map((s) => `<span data-coverage="${levels.get(s.id) ?? 0}">${escapeMarkup(s.text)}</span>`).join(' ')}</p>`
		)
		.join('');
	return `<h2>${escapeMarkup(source.title || title)}</h2><p class="byline">${escapeMarkup(byline)}</p>${body}`;
}
