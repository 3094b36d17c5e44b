import { describe, expect, it } from 'vitest';
import { avatarInitials } from './avatar';

describe('avatarInitials', () => {
	it.each([
		['Ada Lovelace', 'AL'],
		['ada', 'A'],
		['Analyst 12', 'A12'],
		['Analyst 17', 'A17'],
		['Analyst 7', 'A7'],
		['Room 2024b', 'R2'],
		['Mary Ann Evans', 'MA'],
		['  Bea  ', 'B'],
		['王小明', '王'],
		['', '?']
	])('%s → %s', (name, initials) => {
		expect(avatarInitials(name)).toBe(initials);
	});

	it('keeps the default names of the first 99 analysts apart', () => {
		const all = Array.from({ length: 99 }, (_, i) => avatarInitials(`Analyst ${i + 1}`));
		expect(new Set(all).size).toBe(99);
	});
});
