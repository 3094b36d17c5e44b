/**
 * Share links and roles, client side. A map opened as `/map/<id>?token=<tok>` passes the token to
 * every API call and to the websocket. `/api/maps/<id>/state` says what the token allows
 * ('editor', 'viewer', or a refusal: 'token-required' | 'token-invalid') and, when admitted, sends
 * the map's whole Yjs document with it, so that the editor draws the map without waiting for the
 * websocket. When the server cannot be reached, the role last granted to this token in this browser
 * is used, so that the editor still opens offline (the server checks again on reconnection).
 */
import type { Role, ShareLinks } from '$lib/api/wire';

export type Refusal = 'token-required' | 'token-invalid';

export type AccessResult =
	/** `state`: the map's document as one Yjs update (`Y.applyUpdate`), as the server had it. */
	| { kind: 'granted'; role: Role; protected: boolean; state: Uint8Array }
	| { kind: 'refused'; reason: Refusal }
	| { kind: 'missing' }
	| { kind: 'unreachable'; role: Role };

const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** The `token` query parameter of a page URL, if it is shaped like one. */
export function tokenFromUrl(url: URL | string): string | null {
	const t = new URL(url, 'http://x').searchParams.get('token');
	return t && TOKEN.test(t) ? t : null;
}

/** An API path with the token appended as `?token=` (or `&token=`). */
export function withToken(path: string, token: string | null): string {
	if (!token) return path;
	return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

export const REFUSAL_TEXT: Record<Refusal, string> = {
	'token-required': 'This map is protected: open it with the link you were given.',
	'token-invalid': 'This link is no longer valid. Ask for a new link to this map.'
};

const roleKey = (mapId: string) => `warrant:role:${mapId}`;

function rememberedRole(storage: Storage | null, mapId: string, token: string | null): Role {
	try {
		const raw = storage?.getItem(roleKey(mapId));
		const r = raw ? (JSON.parse(raw) as { token?: unknown; role?: unknown }) : null;
		if (r && r.token === (token ?? '') && (r.role === 'viewer' || r.role === 'editor'))
			return r.role;
	} catch {
		// Unreadable: fall through.
	}
	// Unknown: a token we never saw granted could be a view link, so err on the side of read-only;
	// without a token the map was open the last time it could be.
	return token ? 'viewer' : 'editor';
}

function remember(storage: Storage | null, mapId: string, token: string | null, role: Role) {
	try {
		storage?.setItem(roleKey(mapId), JSON.stringify({ token: token ?? '', role }));
	} catch {
		// Storage forbidden: the role is asked again next time.
	}
}

export async function checkAccess(
	mapId: string,
	token: string | null,
	opts: { fetcher?: typeof fetch; storage?: Storage | null; timeoutMs?: number } = {}
): Promise<AccessResult> {
	const fetcher = opts.fetcher ?? fetch;
	const storage = opts.storage === undefined ? (globalThis.localStorage ?? null) : opts.storage;
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 5000);
	try {
		const res = await fetcher(withToken(`/api/maps/${encodeURIComponent(mapId)}/state`, token), {
			signal: abort.signal
		});
		if (res.status === 404) return { kind: 'missing' };
		if (res.status === 403) {
			const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
			const reason = body.reason === 'token-required' ? 'token-required' : 'token-invalid';
			return { kind: 'refused', reason };
		}
		if (!res.ok) return { kind: 'unreachable', role: rememberedRole(storage, mapId, token) };
		const role: Role = res.headers.get('x-warrant-role') === 'viewer' ? 'viewer' : 'editor';
		const state = new Uint8Array(await res.arrayBuffer());
		remember(storage, mapId, token, role);
		return {
			kind: 'granted',
			role,
			protected: res.headers.get('x-warrant-protected') === 'true',
			state
		};
	} catch {
		return { kind: 'unreachable', role: rememberedRole(storage, mapId, token) };
	} finally {
		clearTimeout(timer);
	}
}

/** Creates (or returns) the map's edit and view links; needs the edit token once protected. */
export async function shareLinks(
	mapId: string,
	token: string | null,
	fetcher: typeof fetch = fetch
): Promise<ShareLinks> {
	const res = await fetcher(withToken(`/api/maps/${encodeURIComponent(mapId)}/share`, token), {
		method: 'POST',
		headers: { accept: 'application/json' }
	});
	const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
	if (!res.ok || typeof body.editUrl !== 'string' || typeof body.viewUrl !== 'string')
		throw new Error(
			typeof body.error === 'string' && body.error
				? body.error
				: `the server answered ${res.status} ${res.statusText}`.trim()
		);
	return { editUrl: body.editUrl, viewUrl: body.viewUrl };
}
