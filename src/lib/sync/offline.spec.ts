import { describe, expect, it } from 'vitest';
import { PendingChanges, linkText } from './offline';

describe('PendingChanges', () => {
	it('counts nothing while connected and synced', () => {
		const p = new PendingChanges();
		p.status(true);
		p.sync(true);
		p.transaction(true, true);
		expect(p.snapshot).toEqual({ state: 'connected', pending: 0 });
	});

	it('counts local changing transactions while offline, and clears them once synced again', () => {
		const p = new PendingChanges();
		p.status(true);
		p.sync(true);
		p.status(false);
		p.transaction(true, true);
		p.transaction(true, true);
		p.transaction(false, true); // loaded from IndexedDB or a remote update: not ours
		p.transaction(true, false); // a transaction that changed nothing
		expect(p.snapshot).toEqual({ state: 'offline', pending: 2 });
		p.status(true);
		expect(p.snapshot).toEqual({ state: 'syncing', pending: 2 });
		p.transaction(true, true); // made during the handshake: still waiting
		expect(p.snapshot.pending).toBe(3);
		p.sync(true);
		expect(p.snapshot).toEqual({ state: 'connected', pending: 0 });
	});

	it('is offline after a failed attempt even before any sync (reload without the server)', () => {
		const p = new PendingChanges();
		p.attemptFailed();
		expect(p.snapshot.state).toBe('offline');
		p.status(true);
		expect(p.snapshot.state).toBe('syncing');
	});

	it('is connecting until the first sync, and offline after it', () => {
		const p = new PendingChanges();
		expect(p.snapshot.state).toBe('connecting');
		p.status(false);
		expect(p.snapshot.state).toBe('connecting');
		p.transaction(true, true);
		expect(p.snapshot).toEqual({ state: 'offline', pending: 1 });
	});
});

describe('linkText', () => {
	it('says how many changes wait', () => {
		expect(linkText({ state: 'offline', pending: 1 })).toBe('Offline · 1 change waiting');
		expect(linkText({ state: 'offline', pending: 3 })).toBe('Offline · 3 changes waiting');
		expect(linkText({ state: 'offline', pending: 0 })).toBe('Offline – reconnecting');
		expect(linkText({ state: 'syncing', pending: 3 })).toBe('Syncing…');
	});
});
