/**
 * The participant key: a random secret this browser keeps (localStorage) and presents to the sync
 * server as the `participant` parameter. The server binds every Yjs clientID this browser writes
 * under, and its presence, to the key, and refuses anyone else writing or announcing under them
 * (see the README, "Trust model"). Per browser rather than per tab: a tab opened later sends the
 * offline changes another tab kept in IndexedDB, under that tab's clientID. Unlike the user id in
 * user.ts, it is never shown to anyone.
 */
const KEY = 'warrant.participant';
const PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

function fresh(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(24));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Memory fallback when storage is forbidden: the key lives as long as the page. */
let pageKey: string | null = null;

export function participantKey(storage: Storage | null = globalThis.localStorage ?? null): string {
	try {
		const stored = storage?.getItem(KEY);
		if (stored && PATTERN.test(stored)) return stored;
		const key = fresh();
		storage?.setItem(KEY, key);
		if (storage) return key;
	} catch {
		// Storage full or forbidden.
	}
	return (pageKey ??= fresh());
}
