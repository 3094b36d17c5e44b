/**
 * Size limit of imports, checked before anything is parsed. 10 MiB holds the largest map the
 * contract allows (a 2,000,000-character source plus its map) several times over, while a hostile
 * 50 MB upload is refused without being decoded.
 */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** UTF-8 length of a string without encoding it, stopping once past `limit`. */
export function utf8Length(text: string, limit = Infinity): number {
	let bytes = 0;
	for (let i = 0; i < text.length && bytes <= limit; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			const d = text.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}
