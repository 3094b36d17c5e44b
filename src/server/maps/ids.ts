/** New map ids: a slug of the title and a short random suffix, always a valid `isMapId`. */
import { randomBytes } from 'node:crypto';
import { isMapId } from '$lib/model/schema';

/** "Why Cities Need Trees!" → "why-cities-need-trees"; at most 48 characters; "map" if nothing is left. */
export function slugify(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 48)
		.replace(/-+$/, '');
	return slug || 'map';
}

export function newMapId(title: string): string {
	const suffix = randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 6);
	const id = `${slugify(title)}-${suffix.padEnd(6, '0')}`;
	if (!isMapId(id)) throw new Error(`generated an invalid map id ${id}`);
	return id;
}
