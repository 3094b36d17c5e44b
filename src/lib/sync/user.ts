/**
 * Who is editing in this browser: a per-browser id, a display name and a colour, kept in
 * localStorage. The name is the `author` of new records and is shown to peers through awareness; the
 * id keys this person's votes and comments (delete-own) and picks their colour. Not an identity:
 * anyone can rename themselves, and another browser is another person.
 */

const KEY = 'warrant:user';
export const MAX_NAME_LENGTH = 60;

/** Readable on white and under white text; no amber or yellow (those mark selection and anchors). */
export const PERSON_COLOURS = [
	'#1d4ed8', // blue
	'#be185d', // pink
	'#15803d', // green
	'#7e22ce', // purple
	'#c2410c', // orange
	'#0e7490', // teal
	'#b91c1c', // red
	'#4d7c0f', // olive
	'#92400e', // brown
	'#475569' // slate
] as const;

export interface LocalUser {
	/** Random per-browser id; never shown. Records it where the model stores `authorId`/`voterId`. */
	id: string;
	/** Shown to peers and written as the `author` of new records. */
	name: string;
	colour: string;
	/** False until the person has chosen a name (the name picker shows until then). */
	named: boolean;
}

/** The same id always gets the same colour (FNV-1a hash of the id into the palette). */
export function colourFor(id: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		h ^= id.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return PERSON_COLOURS[(h >>> 0) % PERSON_COLOURS.length];
}

/** Trims, collapses spaces, drops control characters and caps the length; '' when nothing is left. */
export function cleanName(raw: string): string {
	return (
		raw
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u001f\u007f]/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, MAX_NAME_LENGTH)
	);
}

function randomId(): string {
	const bytes = new Uint8Array(12);
	globalThis.crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function save(storage: Storage | null, user: LocalUser): void {
	try {
		storage?.setItem(KEY, JSON.stringify({ id: user.id, name: user.name, named: user.named }));
	} catch {
		// Storage full or forbidden: the name lives for this page only.
	}
}

export function localUser(storage: Storage | null = globalThis.localStorage ?? null): LocalUser {
	let stored: { id?: unknown; name?: unknown; named?: unknown } = {};
	try {
		const raw = storage?.getItem(KEY);
		if (raw) stored = JSON.parse(raw) ?? {};
	} catch {
		// Unreadable storage (privacy mode, corrupt value): fall through to a fresh person.
	}
	const id =
		typeof stored.id === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(stored.id)
			? stored.id
			: randomId();
	const name = typeof stored.name === 'string' ? cleanName(stored.name) : '';
	const user: LocalUser = {
		id,
		name: name || `Analyst ${1 + Math.floor(Math.random() * 99)}`,
		colour: colourFor(id),
		// Names stored before the picker existed were chosen for the person: ask once.
		named: !!name && stored.named === true
	};
	if (stored.id !== user.id || stored.name !== user.name || stored.named !== user.named)
		save(storage, user);
	return user;
}

/** Stores the name a person picked and returns the updated user. */
export function saveUserName(
	name: string,
	storage: Storage | null = globalThis.localStorage ?? null
): LocalUser {
	const current = localUser(storage);
	const clean = cleanName(name);
	const user: LocalUser = { ...current, name: clean || current.name, named: true };
	save(storage, user);
	return user;
}
