/**
 * "Show contributions of: everyone / <person>": after a seminar, one person's nodes, edges and
 * comments stand out and everything else is dimmed. People are matched by their participant id
 * (`authorId`, schema v3), so renaming oneself keeps one's contributions together; a record without
 * one (made before v3 or imported) falls back to its display name, as its own person. Pure.
 */

/**
 * The account that writes the maps the project ships (the essay map's build script,
 * `scripts/essay/build.ts`): an import, not a person in the seminar, so never a participant.
 */
export const IMPORT_AUTHOR = 'warrant-seed';

export interface Authored {
	id: string;
	author?: string;
	authorId?: string;
	createdAt?: string;
}

/** One person the filter offers: `key` identifies them, `name` is how they are shown. */
export interface AuthorChoice {
	key: string;
	name: string;
}

/**
 * Who wrote a record: its participant id, or `name:<display name>` when it has none (ids never
 * contain `:`, so the two never collide); null when it names nobody.
 */
export function authorKey(r: Pick<Authored, 'author' | 'authorId'>): string | null {
	if (r.authorId) return r.authorId;
	const name = r.author?.trim();
	return name ? `name:${name}` : null;
}

/**
 * Everyone who wrote something, once each, sorted by name (the import account is nobody). A person is shown under the name of
 * their newest record (they may have renamed themselves); two people with one name are told apart
 * by the start of their id.
 */
export function authorsOf(...lists: ReadonlyArray<readonly Authored[]>): AuthorChoice[] {
	const newest = new Map<string, { name: string; at: string }>();
	for (const list of lists)
		for (const r of list) {
			const key = authorKey(r);
			const name = r.author?.trim();
			if (!key || !name || (name === IMPORT_AUTHOR && !r.authorId)) continue;
			const at = r.createdAt ?? '';
			const seen = newest.get(key);
			if (!seen || at > seen.at) newest.set(key, { name, at });
		}
	const byName = new Map<string, number>();
	for (const { name } of newest.values()) byName.set(name, (byName.get(name) ?? 0) + 1);
	return [...newest]
		.map(([key, { name }]) => ({
			key,
			name:
				(byName.get(name) ?? 0) > 1 && !key.startsWith('name:')
					? `${name} (${key.slice(0, 6)})`
					: name
		}))
		.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

/** The ids to dim: everything not written by the person `key` (nothing when the filter is everyone). */
export function dimmedIds(records: readonly Authored[], key: string | null): Set<string> {
	const out = new Set<string>();
	if (key === null) return out;
	for (const r of records) if (authorKey(r) !== key) out.add(r.id);
	return out;
}
