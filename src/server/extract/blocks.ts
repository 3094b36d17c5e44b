/**
 * The paragraphs of an HTML tree (an article found by Readability, or a Word file converted by
 * mammoth): each block element's text, white space collapsed, in document order. Text outside any
 * block (a bare text node in a <div>) is a paragraph of its own between the blocks around it.
 * A <br> is a space: a line break inside a paragraph is layout, not structure.
 */

const BLOCKS = new Set([
	'ADDRESS',
	'ARTICLE',
	'ASIDE',
	'BLOCKQUOTE',
	'CAPTION',
	'DD',
	'DIV',
	'DL',
	'DT',
	'FIGCAPTION',
	'FIGURE',
	'FOOTER',
	'H1',
	'H2',
	'H3',
	'H4',
	'H5',
	'H6',
	'HEADER',
	'HR',
	'LI',
	'MAIN',
	'NAV',
	'OL',
	'P',
	'PRE',
	'SECTION',
	'TABLE',
	'TD',
	'TH',
	'TR',
	'UL'
]);

/** Never text: scripts and styles are data for a browser, not words of the document. */
const SKIPPED = new Set([
	'SCRIPT',
	'STYLE',
	'NOSCRIPT',
	'TEMPLATE',
	'SVG',
	'MATH',
	'IFRAME',
	'OBJECT'
]);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** The least a DOM node must offer (linkedom's and a browser's nodes both do). */
interface DomNode {
	nodeType: number;
	nodeName: string;
	nodeValue: string | null;
	childNodes: ArrayLike<DomNode>;
}

export function blockParagraphs(root: DomNode): string[] {
	const out: string[] = [];
	let open = '';
	const flush = () => {
		const text = open.replace(/\s+/g, ' ').trim();
		if (text) out.push(text);
		open = '';
	};
	// An explicit stack, not recursion: a hostile file may nest elements tens of thousands deep.
	const stack: { node: DomNode; leaving: boolean }[] = [{ node: root, leaving: false }];
	while (stack.length > 0) {
		const { node, leaving } = stack.pop()!;
		if (node.nodeType === TEXT_NODE) {
			open += node.nodeValue ?? '';
			continue;
		}
		if (node.nodeType !== ELEMENT_NODE && node !== root) continue;
		const name = node.nodeName.toUpperCase();
		if (SKIPPED.has(name)) continue;
		if (name === 'BR') {
			open += ' ';
			continue;
		}
		const block = BLOCKS.has(name);
		if (leaving) {
			if (block) flush();
			continue;
		}
		if (block) flush();
		stack.push({ node, leaving: true });
		const children = node.childNodes;
		for (let i = children.length - 1; i >= 0; i--)
			stack.push({ node: children[i], leaving: false });
	}
	flush();
	return out;
}
