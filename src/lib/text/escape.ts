/**
 * The one escaper for text written into HTML or XML (SVG pictures, the editor page's preview,
 * exported formats). Escaping all five of & < > " ' makes a string safe both as character data and
 * inside a quoted attribute value, so a caller cannot pick the wrong variant: whatever a label holds,
 * it stays text and never opens an element, an attribute or an entity.
 */

const ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** `text` with & < > " ' as entity references: safe between tags and in quoted attributes. */
export const escapeMarkup = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

/**
 * Characters XML 1.0 forbids even when escaped (C0 controls except tab, newline and carriage
 * return; lone surrogates; U+FFFE and U+FFFF). A label may hold them, so they become U+FFFD.
 */
const NOT_XML =
	// eslint-disable-next-line no-control-regex -- finding control characters is the point
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Character data for an XML document (SVG): escaped, and well-formed XML whatever `text` holds. */
export const xmlText = (text: string): string => escapeMarkup(text.replace(NOT_XML, '\ufffd'));

/** An XML attribute value: as `xmlText`, with tabs and line breaks kept as character references. */
export const xmlAttr = (text: string): string =>
	xmlText(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
