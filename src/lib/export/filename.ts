/**
 * Download and output file names: the map's title as a slug plus the format's extension, e.g.
 * "Why China Is Digging In" + png -> "why-china-is-digging-in.png".
 */

/** Lower-case ASCII words joined by '-', accents folded; 'map' when nothing is left. */
export function slugify(title: string, maxLength = 80): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, maxLength)
		.replace(/-+$/, '');
	return slug || 'map';
}

export function exportFileName(title: string, ext: string): string {
	return `${slugify(title)}.${ext}`;
}

/**
 * The extension each export format's file gets. Data formats name theirs in `exportMap`'s result;
 * they are repeated here so the menu can show the file name before exporting (a spec keeps the two
 * in step).
 */
export const FILE_EXT = {
	png: 'png',
	jpeg: 'jpg',
	svg: 'svg',
	pdf: 'pdf',
	json: 'json',
	aif: 'aif.json',
	argdown: 'argdown',
	md: 'md',
	annotations: 'jsonld'
} as const;
