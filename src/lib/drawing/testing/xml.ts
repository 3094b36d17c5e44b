/**
 * A small, strict XML reader for the specs: it accepts only well-formed XML (matched tags, quoted
 * attributes without '<', known entities, no stray '&' or '<' in text) and returns the element tree,
 * so a spec can assert what the SVG really contains rather than search its text.
 * Not a general parser: no DOCTYPE, no CDATA, no processing instructions other than an XML
 * declaration, which exports never write.
 */
export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: XmlElement[];
	/** Character data directly inside this element, entities decoded. */
	text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
	if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw))
		throw new Error(`bad entity reference in ${where}`);
	return raw.replace(ENTITY, (_, named, dec, hex) =>
		named ? NAMED[named] : String.fromCodePoint(dec ? Number(dec) : parseInt(hex, 16))
	);
}

export function parseXml(source: string): XmlElement {
	let i = 0;
	const fail = (msg: string): never => {
		throw new Error(`${msg} at ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
	};
	const skipSpace = () => {
		while (i < source.length && /\s/.test(source[i])) i++;
	};
	skipSpace();
	if (source.startsWith('<?xml', i)) {
		const end = source.indexOf('?>', i);
		if (end < 0) fail('unclosed XML declaration');
		i = end + 2;
	}
	const stack: XmlElement[] = [];
	let root: XmlElement | null = null;
	while (i < source.length) {
		if (source.startsWith('<!--', i)) {
			const end = source.indexOf('-->', i + 4);
			if (end < 0) fail('unclosed comment');
			i = end + 3;
		} else if (source.startsWith('</', i)) {
			i += 2;
			const name = NAME.exec(source.slice(i))?.[0] ?? fail('bad end tag');
			i += name.length;
			skipSpace();
			if (source[i] !== '>') fail('bad end tag');
			i++;
			const open = stack.pop();
			if (!open || open.name !== name) fail(`end tag </${name}> does not match`);
		} else if (source[i] === '<') {
			i++;
			const name = NAME.exec(source.slice(i))?.[0] ?? fail('bad tag name');
			i += name.length;
			const el: XmlElement = { name, attrs: {}, children: [], text: '' };
			for (;;) {
				const before = i;
				skipSpace();
				if (source.startsWith('/>', i) || source[i] === '>') break;
				if (i === before) fail('attributes must be separated by space');
				const attr = NAME.exec(source.slice(i))?.[0] ?? fail('bad attribute name');
				i += attr.length;
				if (source[i] !== '=') fail('attribute without value');
				const quote = source[i + 1];
				if (quote !== '"' && quote !== "'") fail('unquoted attribute');
				const end = source.indexOf(quote, i + 2);
				if (end < 0) fail('unclosed attribute');
				const raw = source.slice(i + 2, end);
				if (raw.includes('<')) fail('"<" in attribute value');
				if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
				el.attrs[attr] = decode(raw, `attribute ${attr}`);
				i = end + 1;
			}
			if (stack.length > 0) stack[stack.length - 1].children.push(el);
			else if (root) fail('more than one root element');
			else root = el;
			if (source.startsWith('/>', i)) i += 2;
			else {
				i++;
				stack.push(el);
			}
		} else {
			const end = source.indexOf('<', i);
			const raw = source.slice(i, end < 0 ? source.length : end);
			if (raw.includes('>')) fail('">" in text');
			if (stack.length === 0) {
				if (raw.trim()) fail('text outside the root element');
			} else stack[stack.length - 1].text += decode(raw, 'text');
			i += raw.length;
		}
	}
	if (stack.length > 0) fail(`unclosed <${stack[stack.length - 1].name}>`);
	return root ?? fail('no root element');
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
	return [root, ...root.children.flatMap(allElements)];
}

/** The text of an element and its descendants, in document order. */
export function textOf(el: XmlElement): string {
	return el.text + el.children.map(textOf).join('');
}
