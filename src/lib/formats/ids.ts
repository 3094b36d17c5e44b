/**
 * Record ids for imported records. Foreign ids (AIF nodeIDs, Argdown titles) are kept where they are
 * valid Warrant record ids, because keeping them lets a person trace a node back to the file; anything
 * else is made valid. Invariant: every id an allocator returns matches RECORD_ID_PATTERN and is
 * returned once — node and edge ids share one allocator, since the map file forbids an edge id that
 * equals a node id.
 */
import { RECORD_ID_PATTERN } from '$lib/model/schema';

const MAX_ID = 64;

export class IdAllocator {
	private readonly used = new Set<string>();
	private readonly counters = new Map<string, number>();

	/** Reserves an id exactly as given; false if it is invalid or taken. */
	claim(id: unknown): id is string {
		if (typeof id !== 'string' || !RECORD_ID_PATTERN.test(id) || this.used.has(id)) return false;
		this.used.add(id);
		return true;
	}

	/** The next unused `prefix1`, `prefix2`, … (prefix: letters, digits, _ or -). */
	next(prefix: string): string {
		for (let n = (this.counters.get(prefix) ?? 0) + 1; ; n++)
			if (this.claim(`${prefix}${n}`)) {
				this.counters.set(prefix, n);
				return `${prefix}${n}`;
			}
	}

	/** `preferred` if it can be claimed, else a valid, unused id derived from `base`. */
	take(preferred: unknown, base: string): string {
		if (this.claim(preferred)) return preferred;
		const stem = base.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, MAX_ID - 8) || 'x';
		if (this.claim(stem)) return stem;
		for (let i = 2; ; i++) {
			const candidate = `${stem}-${i}`;
			if (this.claim(candidate)) return candidate;
		}
	}
}
