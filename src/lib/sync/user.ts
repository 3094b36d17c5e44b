/**
 * Who is editing in this browser: a display name kept in localStorage, used as the `author` of new
 * records and shown to peers through awareness. Not an identity; anyone can rename themselves.
 */
import type { SessionUser } from './session';

const KEY = 'warrant:user';
const COLOURS = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2'];

function randomUser(): SessionUser {
	const n = 1 + Math.floor(Math.random() * 99);
	return { name: `Analyst ${n}`, colour: COLOURS[n % COLOURS.length] };
}

export function localUser(storage: Storage | null = globalThis.localStorage ?? null): SessionUser {
	try {
		const raw = storage?.getItem(KEY);
		if (raw) {
			const parsed = JSON.parse(raw) as Partial<SessionUser>;
			if (typeof parsed.name === 'string' && parsed.name && typeof parsed.colour === 'string')
				return { name: parsed.name.slice(0, 100), colour: parsed.colour };
		}
	} catch {
		// Unreadable storage (privacy mode, corrupt value): fall through to a fresh name.
	}
	const user = randomUser();
	try {
		storage?.setItem(KEY, JSON.stringify(user));
	} catch {
		// Storage full or forbidden: the name lives for this page only.
	}
	return user;
}
