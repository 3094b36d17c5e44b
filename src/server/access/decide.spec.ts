/** Access decisions for every kind of presented token, and the token helpers. */
import { describe, expect, it } from 'vitest';
import type { ShareRecord } from '../storage/storage';
import { decideAccess } from './decide';
import { grantDigest } from './grants';
import { requestOrigin, shareLinks } from './links';
import { isTokenShaped, newToken, sameToken } from './tokens';

const share: ShareRecord = {
	mapId: 'm',
	editToken: newToken(),
	viewToken: newToken(),
	createdAt: '2026-01-01T00:00:00.000Z',
	editorGrants: [grantDigest('granted-participant-key-0001')]
};

const GRANTED = 'granted-participant-key-0001';

const tampered = (share.editToken[0] === 'A' ? 'B' : 'A') + share.editToken.slice(1);

describe('tokens', () => {
	it('are 32 base64url characters, all different', () => {
		const tokens = Array.from({ length: 200 }, newToken);
		expect(tokens.every(isTokenShaped)).toBe(true);
		expect(new Set(tokens).size).toBe(tokens.length);
	});

	it('compare equal only when equal', () => {
		expect(sameToken(share.editToken, share.editToken)).toBe(true);
		expect(sameToken(share.editToken, share.viewToken)).toBe(false);
		expect(sameToken('', share.viewToken)).toBe(false);
	});
});

describe('decideAccess', () => {
	it.each([
		['an unprotected map, no token', null, null, { ok: true, protected: false, role: 'editor' }],
		[
			'an unprotected map, any token',
			null,
			'whatever',
			{ ok: true, protected: false, role: 'editor' }
		],
		['the edit token', share, share.editToken, { ok: true, protected: true, role: 'editor' }],
		['the view token', share, share.viewToken, { ok: true, protected: true, role: 'viewer' }],
		['no token', share, null, { ok: false, reason: 'token-required' }],
		['an empty token', share, '', { ok: false, reason: 'token-required' }],
		['another well-formed token', share, newToken(), { ok: false, reason: 'token-invalid' }],
		['a malformed token', share, 'abc', { ok: false, reason: 'token-invalid' }],
		[
			'the edit token with its first character changed',
			share,
			tampered,
			{ ok: false, reason: 'token-invalid' }
		]
	] as const)('%s', (_name, record, token, expected) => {
		expect(decideAccess(record, token)).toMatchObject(expected);
	});

	it.each([
		['a granted participant, no token', null, GRANTED, { ok: true, role: 'editor', via: 'grant' }],
		[
			'a granted participant with a wrong token',
			'x'.repeat(32),
			GRANTED,
			{ ok: true, role: 'editor', via: 'grant' }
		],
		[
			'a granted participant who opened the view link',
			share.viewToken,
			GRANTED,
			{ ok: true, role: 'viewer', via: 'view-link' }
		],
		[
			'the edit token with a granted participant',
			share.editToken,
			GRANTED,
			{ ok: true, role: 'editor', via: 'edit-link' }
		],
		[
			'another participant',
			null,
			'granted-participant-key-0002',
			{ ok: false, reason: 'token-required' }
		],
		['the digest itself as a key', null, grantDigest(GRANTED), { ok: false }],
		['a malformed participant', null, 'short', { ok: false, reason: 'token-required' }]
	] as const)('grants: %s', (_name, token, participant, expected) => {
		expect(decideAccess(share, token, participant)).toMatchObject(expected);
	});

	it('grants nothing on an open map beyond what everyone has, and nothing after rotation', () => {
		expect(decideAccess(null, null, GRANTED)).toMatchObject({ via: 'open' });
		expect(decideAccess({ ...share, editorGrants: [] }, null, GRANTED)).toMatchObject({
			ok: false
		});
	});
});

describe('share links', () => {
	it('are absolute, built from the Host header', () => {
		const origin = requestOrigin({ host: '192.168.1.20:3000' });
		expect(origin).toBe('http://192.168.1.20:3000');
		expect(shareLinks(origin!, share)).toEqual({
			editUrl: `http://192.168.1.20:3000/map/m?token=${share.editToken}`,
			viewUrl: `http://192.168.1.20:3000/map/m?token=${share.viewToken}`
		});
	});

	it('use https behind a proxy that says so, and refuse odd hosts', () => {
		expect(requestOrigin({ host: 'warrant.example', 'x-forwarded-proto': 'https' })).toBe(
			'https://warrant.example'
		);
		expect(requestOrigin({ host: '[::1]:3000' })).toBe('http://[::1]:3000');
		for (const host of [undefined, '', 'evil.example/path', 'a b', 'x"y', 'host:port'])
			expect(requestOrigin({ host })).toBeNull();
	});
});
