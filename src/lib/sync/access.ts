/**
 * Share links and roles, client side. A map opened as `/map/<id>?token=<tok>` passes the token to
 * every API call and to the websocket. `/api/maps/<id>/state` says what the token allows
 * ('editor', 'viewer', or a refusal: 'token-required' | 'token-invalid') and, when admitted, sends
 * the map's whole Yjs document with it, so that the editor draws the map without waiting for the
 * websocket. When the server cannot be reached, the role last granted to this token in this browser
 * is used, so that the editor still opens offline (the server checks again on reconnection).
 */
import type { AccessVia, Role, ShareLinks } from '$lib/api/wire';
import { participantKey } from './participant';

export type Refusal = 'token-required' | 'token-invalid';

export type AccessResult =
	/**
	 * `state`: the map's document as one Yjs update (`Y.applyUpdate`), as the server had it. `via`:
	 * what admitted this page (an editor grant cannot show the links).
	 */
	| { kind: 'granted'; role: Role; protected: boolean; via: AccessVia; state: Uint8Array }
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

/**
 * Why a page that opened without access has none, in words (never the server's codes). Shown under
 * a title that names the case ("This map is protected", "This link is no longer valid").
 */
export const REFUSAL_TEXT: Record<Refusal, string> = {
	'token-required':
		'It opens only with its edit or view link: open it with the link you were given.',
	'token-invalid':
		'The links to this map were changed, so this one no longer opens it. Ask for the new link.'
};

/**
 * Why a page that was on the map lost its access while open, in words, under a title that names the
 * case ("The links to this map were changed", "This map is now protected").
 */
export const LOST_TEXT: Record<Refusal, string> = {
	'token-required':
		'It was protected while this page was away, so this page was not kept on it. Ask for the edit or view link.',
	'token-invalid':
		'Someone with the edit link replaced them, so this page can no longer follow or change the map. Ask for the new link.'
};

/** The header that carries this browser's participant key to the HTTP API (editor grants). */
export const PARTICIPANT_HEADER = 'x-warrant-participant';

const VIA: readonly AccessVia[] = ['open', 'edit-link', 'view-link', 'grant'];

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
	opts: {
		fetcher?: typeof fetch;
		storage?: Storage | null;
		timeoutMs?: number;
		participant?: string;
	} = {}
): Promise<AccessResult> {
	const fetcher = opts.fetcher ?? fetch;
	const storage = opts.storage === undefined ? (globalThis.localStorage ?? null) : opts.storage;
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 5000);
	try {
		const res = await fetcher(withToken(`/api/maps/${encodeURIComponent(mapId)}/state`, token), {
			signal: abort.signal,
			headers: { [PARTICIPANT_HEADER]: opts.participant ?? participantKey(storage) }
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
		const via = VIA.find((v) => v === res.headers.get('x-warrant-via')) ?? 'open';
		return {
			kind: 'granted',
			role,
			protected: res.headers.get('x-warrant-protected') === 'true',
			via,
			state
		};
	} catch {
		return { kind: 'unreachable', role: rememberedRole(storage, mapId, token) };
	} finally {
		clearTimeout(timer);
	}
}

/** The map's document as the editor page's HTML carries it (`src/server/page-state.ts`). */
export interface PageState {
	role: Role;
	protected: boolean;
	via: AccessVia;
	/** `Y.encodeStateAsUpdate` of the map, base64. */
	update: string;
}

/**
 * The access a page has from the state its HTML carried: what `checkAccess` would have made of the
 * same answer from `/state` (the server decided it under the same rule), with the role remembered
 * for opening offline. Only the server writes this into the page, so it is trusted as `/state`'s
 * headers are (and read the same way: any role but 'viewer' is 'editor').
 */
export function pageStateAccess(
	mapId: string,
	token: string | null,
	page: PageState,
	storage: Storage | null = globalThis.localStorage ?? null
): AccessResult {
	const role: Role = page.role === 'viewer' ? 'viewer' : 'editor';
	// Created here on a first visit as `checkAccess` does when it asks: the socket presents it.
	participantKey(storage);
	remember(storage, mapId, token, role);
	const raw = atob(page.update);
	const state = new Uint8Array(raw.length);
	for (let i = 0; i < raw.length; i++) state[i] = raw.charCodeAt(i);
	return {
		kind: 'granted',
		role,
		protected: page.protected === true,
		via: VIA.find((v) => v === page.via) ?? 'open',
		state
	};
}

/**
 * What a page that is on the map now may be asked: whether its link (or grant) still admits it.
 * 'admitted', a refusal, 'missing' (no such map), or 'unknown' (the server could not be asked).
 */
export async function accessNow(
	mapId: string,
	token: string | null,
	fetcher: typeof fetch = fetch
): Promise<'admitted' | 'missing' | 'unknown' | Refusal> {
	try {
		const res = await fetcher(withToken(`/api/maps/${encodeURIComponent(mapId)}/access`, token), {
			headers: { [PARTICIPANT_HEADER]: participantKey() }
		});
		if (res.ok) return 'admitted';
		if (res.status === 404) return 'missing';
		if (res.status !== 403) return 'unknown';
		const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
		return body.reason === 'token-required' ? 'token-required' : 'token-invalid';
	} catch {
		return 'unknown';
	}
}

/**
 * Protects the map (`{}`), or replaces its links (`{ rotate: true }`), and returns the links;
 * once protected it needs the edit token. `by`: the name the others are told protected it.
 */
export async function shareLinks(
	mapId: string,
	token: string | null,
	opts: { rotate?: boolean; by?: string } = {},
	fetcher: typeof fetch = fetch
): Promise<ShareLinks> {
	const body: Record<string, unknown> = {};
	if (opts.rotate) body.rotate = true;
	const by = opts.by?.trim();
	if (by) body.by = by.slice(0, 80);
	const res = await fetcher(withToken(`/api/maps/${encodeURIComponent(mapId)}/share`, token), {
		method: 'POST',
		headers: { accept: 'application/json', 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	return readLinks(res);
}

/** The links of a protected map, for the edit link's holder (nothing changes). */
export async function currentLinks(
	mapId: string,
	token: string,
	fetcher: typeof fetch = fetch
): Promise<ShareLinks> {
	const res = await fetcher(withToken(`/api/maps/${encodeURIComponent(mapId)}/share`, token), {
		headers: { accept: 'application/json' }
	});
	return readLinks(res);
}

async function readLinks(res: Response): Promise<ShareLinks> {
	const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
	if (!res.ok || typeof body.editUrl !== 'string' || typeof body.viewUrl !== 'string')
		throw new Error(
			typeof body.error === 'string' && body.error
				? body.error
				: `the server answered ${res.status} ${res.statusText}`.trim()
		);
	return { editUrl: body.editUrl, viewUrl: body.viewUrl };
}
