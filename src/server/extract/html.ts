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

/** Parts of an <article> that are not its text: menus, share buttons, forms, asides. */
const NOISE = 'nav, aside, footer, form, button, [role="navigation"], [aria-hidden="true"]';

/**
 * Readability finds an article's body but drops short blocks around it — a kicker, the headline it
 * reports as the title, a byline, a dateline. When the page marks its article with <article>, the
 * blocks of that element from its start to the last block Readability kept are the text: the same
 * body, with its header in place.
 */
export function withHeader(found: string[], articles: string[][]): string[] {
	if (found.length === 0) return found;
	for (const blocks of articles) {
		const first = blocks.indexOf(found[0]);
		const last = blocks.lastIndexOf(found.at(-1)!);
		if (first < 0 || last < first) continue;
		const kept = new Set(found);
		// Between its first and last block, the article must be what Readability kept, give or take
		// the short blocks it drops (a caption, a pull quote): otherwise keep Readability's choice.
		const between = blocks.slice(first, last + 1);
		const extra = between.filter((b) => !kept.has(b));
		if (extra.length > Math.max(3, 0.2 * between.length)) continue;
		return blocks.slice(0, last + 1);
	}
	return found;
}

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
	// Readability changes the document it reads: the <article> is looked at in a copy, before.
	const articles = [...document.querySelectorAll('article')].map((el) => {
		const copy = el.cloneNode(true) as Element;
		for (const noise of copy.querySelectorAll(NOISE)) noise.remove();
		return blockParagraphs(copy);
	});
	const article = new Readability<Element>(document as unknown as Document, {
		serializer: (node) => node as Element
	}).parse();
	let paragraphs = withHeader(article?.content ? blockParagraphs(article.content) : [], articles);
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
