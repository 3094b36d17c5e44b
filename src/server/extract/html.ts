/**
 * Reads a saved web page: the article found by Readability on a linkedom DOM. linkedom builds a
 * DOM and nothing else — it loads no resources and runs no scripts — and scripts, styles and
 * frames are removed before Readability looks. Runs in the worker.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { blockParagraphs } from './blocks';
import { clean, ExtractError, isoDate, languageTag, type Reading } from './types';

/** The charset a page declares (BOM, then `<meta charset>` in its first 1024 bytes), default UTF-8. */
export function htmlCharset(bytes: Uint8Array): string {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
	const match = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head);
	const label = match?.[1].toLowerCase() ?? 'utf-8';
	try {
		new TextDecoder(label);
		return label;
	} catch {
		return 'utf-8';
	}
}

const meta = (document: Document, ...names: string[]): string | null => {
	for (const name of names) {
		const el = document.querySelector(`meta[name="${name}"], meta[property="${name}"]`);
		const value = el?.getAttribute('content');
		if (value && clean(value)) return clean(value);
	}
	return null;
};

export function readHtml(bytes: Uint8Array): Reading {
	const html = new TextDecoder(htmlCharset(bytes)).decode(bytes);
	const { document } = parseHTML(html);
	const removed = document.querySelectorAll(
		'script, style, noscript, template, iframe, object, embed'
	);
	let scripts = 0;
	for (const el of removed) {
		if (el.tagName === 'SCRIPT') scripts++;
		el.remove();
	}
	const lang = languageTag(document.documentElement?.getAttribute('lang'));
	const metaAuthor = meta(document, 'author', 'article:author', 'dc.creator', 'citation_author');
	const metaDate = meta(
		document,
		'article:published_time',
		'citation_publication_date',
		'dc.date',
		'date',
		'pubdate'
	);
	const pageTitle = clean(document.querySelector('title')?.textContent ?? '') || null;
	const warnings: string[] = [];
	if (scripts > 0) warnings.push(`Removed ${scripts} script(s); none was run.`);
	const article = new Readability<Element>(document as unknown as Document, {
		serializer: (node) => node as Element
	}).parse();
	let paragraphs = article?.content ? blockParagraphs(article.content) : [];
	if (paragraphs.length === 0) {
		// No article found (a page that is one long list, or very short): every block of the body.
		paragraphs = document.body ? blockParagraphs(document.body) : [];
		if (paragraphs.length > 0)
			warnings.push('No article found on the page: this is all of its text, menus included.');
	}
	if (paragraphs.length === 0)
		throw new ExtractError(
			422,
			scripts > 0
				? `the page has no text of its own (only ${scripts} script(s), which are never run): save the page after it has loaded, or paste the text`
				: 'the page has no text'
		);
	const byline = article?.byline ? clean(article.byline).replace(/^by\s+/i, '') : null;
	return {
		title: clean(article?.title ?? '') || pageTitle,
		author: byline || metaAuthor,
		date: isoDate(article?.publishedTime ?? metaDate),
		lang: lang ?? languageTag(article?.lang),
		paragraphs,
		warnings
	};
}
