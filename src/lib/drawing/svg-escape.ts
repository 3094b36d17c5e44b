/**
 * Escaping for the SVG we write. Every piece of map text (labels, titles, ids) goes through
 * `text` or `attr`, so no label can open an element, an attribute or an entity: the output stays
 * well-formed XML whatever a label holds, and a label is only ever character data.
 */

/**
 * Characters XML 1.0 forbids even when escaped (C0 controls except tab, newline and carriage
 * return; lone surrogates; U+FFFE and U+FFFF). A label may hold them, so they become U+FFFD.
 */
const NOT_XML =
	// eslint-disable-next-line no-control-regex -- finding control characters is the point
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Character data: safe between tags. */
export function text(value: string): string {
	return value
		.replace(NOT_XML, '\ufffd')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;');
}

/** An attribute value: safe inside double or single quotes. Newlines and tabs are kept as references. */
export function attr(value: string): string {
	return text(value)
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;')
		.replace(/\t/g, '&#9;')
		.replace(/\n/g, '&#10;')
		.replace(/\r/g, '&#13;');
}

/** A coordinate with at most two decimals and no "-0", to keep big maps small. */
export function num(value: number): string {
	const r = Math.round(value * 100) / 100;
	return Object.is(r, -0) ? '0' : String(r);
}
