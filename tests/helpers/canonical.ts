/**
 * JSON with object keys sorted. Y.Map iterates in local insertion order, which differs between peers
 * that received the same entries in another order, so documents are compared in this form.
 */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}
