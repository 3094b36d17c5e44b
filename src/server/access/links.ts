/**
 * The absolute share links of a map, built from the request's own address (Host header), so that
 * they work from wherever the caller reached the server (a LAN address in a classroom).
 */
import type { ShareLinks } from '$lib/api/wire';
import type { ShareRecord } from '../storage/storage';

/** host, host:port, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const HOST_PATTERN =
	/^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * `http://host` or `https://host` for a request, or null when its Host header is missing or not a
 * plain host name (it would end up inside a link shown to the user). `https` only when a proxy in
 * front says so with `X-Forwarded-Proto: https`.
 */
export function requestOrigin(headers: {
	host?: string;
	'x-forwarded-proto'?: string | string[];
}): string | null {
	const host = headers.host;
	if (!host || !HOST_PATTERN.test(host)) return null;
	const proto = headers['x-forwarded-proto'];
	const secure = (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0].trim() === 'https';
	return `${secure ? 'https' : 'http'}://${host}`;
}

export function shareLinks(origin: string, share: ShareRecord): ShareLinks {
	const page = `${origin}/map/${encodeURIComponent(share.mapId)}?token=`;
	return { editUrl: page + share.editToken, viewUrl: page + share.viewToken };
}
