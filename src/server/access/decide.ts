/**
 * Who may do what with a map, decided from its share record and the token a request presents.
 * Pure: the HTTP API and the websocket upgrade both call it, so they cannot disagree.
 *
 * - Unprotected map (no share record): everyone is an editor; a token, if any, is ignored.
 * - Protected map: the edit token gives 'editor', the view token 'viewer'; otherwise a participant
 *   key the map granted when it was protected (grants.ts) gives 'editor'; otherwise no token is
 *   `token-required`, any other token (malformed or unknown) is `token-invalid`.
 *
 * `via` says what admitted the caller: only the edit link may show or replace the links.
 */
import type { AccessVia, Role } from '$lib/api/wire';
import type { ShareRecord } from '../storage/storage';
import { isGranted } from './grants';
import { isTokenShaped, sameToken } from './tokens';

export type AccessRefusal = 'token-required' | 'token-invalid';

export type { AccessVia };

export type Access =
	| { ok: true; protected: boolean; role: Role; via: AccessVia }
	| { ok: false; reason: AccessRefusal; message: string };

export function decideAccess(
	share: ShareRecord | null,
	token: string | null,
	participant: string | null = null
): Access {
	if (!share) return { ok: true, protected: false, role: 'editor', via: 'open' };
	if (token !== null && token !== '' && isTokenShaped(token)) {
		// Both comparisons always run, so timing does not tell which token was close.
		const edit = sameToken(token, share.editToken);
		const view = sameToken(token, share.viewToken);
		if (edit) return { ok: true, protected: true, role: 'editor', via: 'edit-link' };
		if (view) return { ok: true, protected: true, role: 'viewer', via: 'view-link' };
	}
	if (isGranted(share.editorGrants, participant))
		return { ok: true, protected: true, role: 'editor', via: 'grant' };
	if (token === null || token === '')
		return {
			ok: false,
			reason: 'token-required',
			message: 'this map is protected: open it with its edit or view link'
		};
	if (!isTokenShaped(token))
		return { ok: false, reason: 'token-invalid', message: 'the token is malformed' };
	return {
		ok: false,
		reason: 'token-invalid',
		message: 'the token does not open this map (the links may have been replaced)'
	};
}
