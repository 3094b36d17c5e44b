/**
 * "Show contributions of: everyone / <person>": after a seminar, one person's nodes, edges and
 * comments stand out and everything else is dimmed. Records carry their author's display name
 * (`author`); comments also carry `authorId`, but nodes and edges do not, so people are matched by
 * name (two people who chose the same name are one person here). Pure.
 */

export interface Authored {
	id: string;
	author?: string;
}

/** Everyone who wrote something, sorted, without blanks or duplicates. */
export function authorsOf(...lists: ReadonlyArray<readonly Authored[]>): string[] {
	const names = new Set<string>();
	for (const list of lists) for (const r of list) if (r.author?.trim()) names.add(r.author.trim());
	return [...names].sort((a, b) => a.localeCompare(b));
}

/** The ids to dim: everything not written by `author` (nothing when the filter is everyone). */
export function dimmedIds(records: readonly Authored[], author: string | null): Set<string> {
	const out = new Set<string>();
	if (author === null) return out;
	for (const r of records) if ((r.author ?? '').trim() !== author) out.add(r.id);
	return out;
}
