/**
 * Turns text a user supplied (pasted, or an uploaded file read by `decodeUpload`) into a map's source
 * and sentences, or says why not. Shared by the "New map" form and `POST /api/maps`, so both refuse
 * the same input the same way, and nothing is created from refused input.
 *
 * What happens to accepted text, in order — every change is one a reader cannot see, or one the
 * user is told about in `notices`:
 * 1. line breaks become `\n`, a leading byte-order mark goes, and the text is put in Unicode NFC
 *    (so "å" typed two ways is one letter and quotes are found whichever way they were typed);
 * 2. a body repeated verbatim right after itself is dropped (`duplicates.ts`), with a notice;
 * 3. nothing else: Markdown stays as written (offsets point into the file as uploaded, and the map
 *    shows the text the user knows); paragraphs skip block markers (`paragraph-ranges.ts`).
 */
import type { Sentence, Source } from '$lib/model/schema';
import { describeRepeat, dropRepeats } from './duplicates';
import { inspectText } from './inspect';
import { MAX_SOURCE_CHARS } from './text-limits';
import { segmentSentences } from './segment';

export { MAX_SOURCE_CHARS } from './text-limits';

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

const FIELDS = [
	['title', 500],
	['author', 500],
	['publication', 500],
	['date', 100],
	['lang', 35]
] as const;

const field = (value: unknown, name: string, max: number): string | { error: string } => {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') return { error: `${name} must be a string` };
	if (value.length > max) return { error: `${name} is longer than ${max} characters` };
	return value.trim();
};

/** The canonical form of a BCP 47 language tag ("EN-gb" → "en-GB"), or null if it is not one. */
function languageTag(value: string): string | null {
	try {
		return Intl.getCanonicalLocales(value)[0] ?? null;
	} catch {
		return null;
	}
}

export function normalizeText(text: string): string {
	return text
		.replace(/^\uFEFF/, '')
		.replace(/\r\n?/g, '\n')
		.normalize('NFC');
}

export function buildSource(input: SourceInput): SourceResult {
	const values: Record<string, string> = {};
	for (const [name, max] of FIELDS) {
		const v = field(input[name], name, max);
		if (typeof v !== 'string') return { ok: false, error: v.error };
		values[name] = v;
	}
	const lang = values.lang ? languageTag(values.lang) : 'en';
	if (!lang)
		return {
			ok: false,
			error: `lang ${JSON.stringify(values.lang)} is not a language tag (e.g. en, sv)`
		};
	if (typeof input.text !== 'string') return { ok: false, error: 'text must be a string' };
	// Checked before any other work, so an oversized paste costs nothing.
	if (input.text.length > MAX_SOURCE_CHARS)
		return {
			ok: false,
			error: `text is ${input.text.length.toLocaleString('en-US')} characters; the limit is ${MAX_SOURCE_CHARS.toLocaleString('en-US')}`
		};
	const inspection = inspectText(input.text);
	if (inspection.problem) return { ok: false, error: inspection.problem };
	if (!input.text.trim()) return { ok: false, error: 'text is empty' };
	if (!values.title) return { ok: false, error: 'title is empty' };

	const notices: string[] = [];
	const { text, repeats } = dropRepeats(normalizeText(input.text));
	for (const r of repeats) notices.push(describeRepeat(r));
	if (inspection.replacements > 0)
		notices.push(
			`The text contains ${inspection.replacements} replacement character(s) (�): characters lost before the text reached Warrant.`
		);
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
		sentences: segmentSentences(text, lang),
		notices
	};
}
