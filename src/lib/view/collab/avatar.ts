/**
 * The letters on a person's avatar. Two words give their initials ("Ada Lovelace" → "AL"); a name
 * that ends in a number keeps the number, so default names stay apart ("Analyst 12" → "A12",
 * "Analyst 17" → "A17", where initials alone would give both "A1"). Pure.
 */
export function avatarInitials(name: string): string {
	const words = name.split(/\s+/).filter(Boolean);
	if (words.length === 0) return '?';
	const last = words.at(-1)!;
	if (words.length > 1 && /^\d{1,3}$/.test(last)) return `${initialOf(words[0])}${last}`;
	return words
		.slice(0, 2)
		.map((w) => initialOf(w))
		.join('');
}

/** The first character (a whole code point, so an emoji or a CJK name is not split), upper case. */
const initialOf = (word: string): string => (Array.from(word)[0] ?? '').toUpperCase();
