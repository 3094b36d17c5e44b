/**
 * Turns text a user supplied (pasted or uploaded) into a map's source and sentences, or says why not.
 * Shared by the "New map" form and `POST /api/maps`, so both refuse the same input the same way.
 */
import type { Sentence, Source } from '$lib/model/schema';
import { segmentSentences } from './segment';

/** The largest source text accepted, in characters (a long essay is ~60,000). */
export const MAX_SOURCE_CHARS = 500_000;

export interface SourceInput {
	title?: unknown;
	text?: unknown;
	author?: unknown;
	publication?: unknown;
	date?: unknown;
	lang?: unknown;
}

export type SourceResult =
	| { ok: true; title: string; source: Source; sentences: Sentence[]; notices: string[] }
	| { ok: false; error: string };

const field = (value: unknown, name: string, max: number): string | { error: string } => {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') return { error: `${name} must be a string` };
	if (value.length > max) return { error: `${name} is longer than ${max} characters` };
	return value.trim();
};

export function buildSource(input: SourceInput): SourceResult {
	const values: Record<string, string> = {};
	for (const [name, max] of [
		['title', 500],
		['author', 500],
		['publication', 500],
		['date', 100],
		['lang', 35]
	] as const) {
		const v = field(input[name], name, max);
		if (typeof v !== 'string') return { ok: false, error: v.error };
		values[name] = v;
	}
	if (typeof input.text !== 'string') return { ok: false, error: 'text must be a string' };
	const text = input.text.replace(/\r\n?/g, '\n');
	if (text.length > MAX_SOURCE_CHARS)
		return { ok: false, error: `text is ${text.length} characters; the limit is ${MAX_SOURCE_CHARS}` };
	if (text.includes('\u0000')) return { ok: false, error: 'text looks binary (it contains NUL characters)' };
	if (!text.trim()) return { ok: false, error: 'text is empty' };
	if (!values.title) return { ok: false, error: 'title is empty' };
	const lang = values.lang || 'en';
	const sentences = segmentSentences(text, lang);
	return {
		ok: true,
		title: values.title,
		source: {
			title: values.title,
			author: values.author,
			publication: values.publication,
			date: values.date,
			lang,
			text
		},
		sentences,
		notices: []
	};
}
