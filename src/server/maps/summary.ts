/**
 * The listing figures of a map, read cheaply from its document. Counts are the sizes of the node and
 * edge maps (records a peer broke still count until removed); a title that is not a non-empty
 * string keeps the previous one, so a peer cannot blank the listing.
 */
import type * as Y from 'yjs';
import { getEdgesMap, getMetaMap, getNodesMap } from '$lib/model/doc';
import type { SummaryChange } from '../storage/storage';

export function summarize(doc: Y.Doc, previousTitle: string, updatedAt: string): SummaryChange {
	const title = getMetaMap(doc).get('title');
	return {
		title: typeof title === 'string' && title.trim() ? title.slice(0, 500) : previousTitle,
		updatedAt,
		nodeCount: getNodesMap(doc).size,
		edgeCount: getEdgesMap(doc).size
	};
}
