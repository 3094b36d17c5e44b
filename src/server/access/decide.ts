/**
 * Who may do what with a map, decided from its share record and the token a request presents.
 * Pure: the HTTP API and the websocket upgrade both call it, so they cannot disagree.
 *
 * - Unprotected map (no share record): everyone is an editor; a token, if any, is ignored.
 * - Protected map: the edit token gives 'editor', the view token 'viewer'; no token is
 *   `token-required`, any other token (malformed or unknown) is `token-invalid`.
 */
import type { Role } from '$lib/api/wire';
import type { ShareRecord } from '../storage/storage';
import { isTokenShaped, sameToken } from './tokens';

export type AccessRefusal = 'token-required' | 'token-invalid';

export type Access =
	| { ok: true; protected: boolean; role: Role }
	| { ok: false; reason: AccessRefusal; message: string };

export function decideAccess(share: ShareRecord | null, token: string | null): Access {
	if (!share) return { ok: true, protected: false, role: 'editor' };
	if (token === null || token === '')
		return {
			ok: false,
			reason: 'token-required',
			message: 'this map is protected: open it with its edit or view link'
		};
	if (!isTokenShaped(token))
		return { ok: false, reason: 'token-invalid', message: 'the token is malformed' };
	// Both comparisons always run, so timing does not tell which token was close.
	const edit = sameToken(token, share.editToken);
	const view = sameToken(token, share.viewToken);
	if (edit) return { ok: true, protected: true, role: 'editor' };
	if (view) return { ok: true, protected: true, role: 'viewer' };
	return {
		ok: false,
		reason: 'token-invalid',
		message: 'the token does not open this map (the links may have been replaced)'
	};
}
