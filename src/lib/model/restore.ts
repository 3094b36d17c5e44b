/**
 * Restoring an earlier state of a map as one new change: every record root (nodes, edges,
 * comments, votes) and the title are made equal to those of `past`, in one transaction under the
 * caller's origin, so everyone receives it as an ordinary change, history keeps both states, and
 * the person who restored can undo it as one step (their UndoManager tracks their origin).
 *
 * Invariants: after `restoreTo(doc, past)`, `toJSON()` of each restored root equals `past`'s; the
 * sentences and the source (never edited after import) are left alone; a record that differs only
 * in some fields is edited in place (a label by a splice of its Y.Text), so a peer editing another
 * field of it meanwhile keeps their edit.
 */
import * as Y from 'yjs';
import { getMetaMap, spliceText } from './doc';
import { ROOT } from './schema';

const RECORD_ROOTS = [ROOT.nodes, ROOT.edges, ROOT.comments, ROOT.votes] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const plain = (v: unknown): unknown =>
	v instanceof Y.AbstractType ? (v.toJSON() as unknown) : (v as unknown);

/** A fresh copy of a shared value of `past` that can be put into `doc` (shared types are per doc). */
function copyValue(v: unknown): unknown {
	if (v instanceof Y.Text) return new Y.Text(v.toString());
	if (v instanceof Y.Array) {
		const out = new Y.Array<unknown>();
		out.push(v.toArray().map(copyValue));
		return out;
	}
	if (v instanceof Y.Map) {
		const out = new Y.Map<unknown>();
		v.forEach((value, key) => out.set(key, copyValue(value)));
		return out;
	}
	return structuredClone(v);
}

/** Makes the Y.Map `live` equal to `past`, field by field. */
function restoreRecord(live: Y.Map<unknown>, past: Y.Map<unknown>): void {
	for (const key of [...live.keys()]) if (!past.has(key)) live.delete(key);
	past.forEach((value, key) => {
		const current = live.get(key);
		if (same(plain(current), plain(value))) return;
		if (value instanceof Y.Text && current instanceof Y.Text) spliceText(current, value.toString());
		else live.set(key, copyValue(value));
	});
}

/** Counts of what a restore changed, per root: records added back, removed, edited. */
export interface RestoreSummary {
	added: number;
	removed: number;
	changed: number;
}

export function restoreTo(doc: Y.Doc, past: Y.Doc, origin: unknown): RestoreSummary {
	const summary: RestoreSummary = { added: 0, removed: 0, changed: 0 };
	doc.transact(() => {
		for (const root of RECORD_ROOTS) {
			const live = doc.getMap<unknown>(root);
			const then = past.getMap<unknown>(root);
			for (const key of [...live.keys()])
				if (!then.has(key)) {
					live.delete(key);
					summary.removed++;
				}
			then.forEach((value, key) => {
				const current = live.get(key);
				if (current === undefined) {
					live.set(key, copyValue(value));
					summary.added++;
				} else if (!same(plain(current), plain(value))) {
					summary.changed++;
					if (current instanceof Y.Map && value instanceof Y.Map) restoreRecord(current, value);
					else live.set(key, copyValue(value));
				}
			});
		}
		const title = getMetaMap(past).get('title');
		if (typeof title === 'string' && getMetaMap(doc).get('title') !== title)
			getMetaMap(doc).set('title', title);
	}, origin);
	return summary;
}
