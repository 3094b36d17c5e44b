/**
 * What extraction gives, and how it fails. Shared by the worker (which reads the file) and the main
 * thread (which answers `POST /api/extract` and the home page's review step).
 */
import type { Extracted } from '$lib/api/wire';

/** The kinds of file extraction reads, by the media type a client declares. */
export const EXTRACT_TYPES = {
	'application/pdf': 'pdf',
	'text/html': 'html',
	'application/xhtml+xml': 'html',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'text/plain': 'text'
} as const;

export type ExtractKind = (typeof EXTRACT_TYPES)[keyof typeof EXTRACT_TYPES];

/** What a reader of one kind returns (the answer of `POST /api/extract` is `Extracted`): the text is joined by the caller. */
export type Reading = Omit<Extracted, 'text'>;

/**
 * Why a file could not be read, in words for its owner (the caller puts the file's name in front).
 * `status` is the HTTP status: 415 for a file that is not of its declared kind, 422 for one that
 * is but cannot be read (encrypted, no text, too large unpacked, too slow).
 */
export class ExtractError extends Error {
	constructor(
		readonly status: 415 | 422,
		message: string
	) {
		super(message);
		this.name = 'ExtractError';
	}
}

/** Collapses white space and trims; '' stays ''. */
export const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A date-like string as `YYYY-MM-DD`, or null when it is not one. */
export function isoDate(value: string | null | undefined): string | null {
	if (!value) return null;
	const pdf = /^D:(\d{4})(\d{2})?(\d{2})?/.exec(value.trim());
	if (pdf) return `${pdf[1]}-${pdf[2] ?? '01'}-${pdf[3] ?? '01'}`;
	const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
	if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
	const parsed = Date.parse(value);
	if (Number.isNaN(parsed)) return null;
	return new Date(parsed).toISOString().slice(0, 10);
}

/** A language tag in its canonical form, or null. */
export function languageTag(value: string | null | undefined): string | null {
	if (!value) return null;
	try {
		return Intl.getCanonicalLocales(value.trim())[0] ?? null;
	} catch {
		return null;
	}
}
