import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$tests/helpers/memory-storage';
import { participantKey } from './participant';

describe('participantKey', () => {
	it('is made once per browser storage, in the shape the server accepts', () => {
		const storage = memoryStorage();
		const key = participantKey(storage);
		expect(key).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
		expect(participantKey(storage)).toBe(key);
		expect(participantKey(memoryStorage())).not.toBe(key);
	});

	it('replaces a stored value the server would refuse', () => {
		const storage = memoryStorage();
		storage.setItem('warrant.participant', 'short');
		expect(participantKey(storage)).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
	});
});
