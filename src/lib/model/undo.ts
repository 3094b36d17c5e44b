/**
 * Own-change undo: a Y.UndoManager over the editable roots that tracks only `origin`, the origin of
 * this person's local gestures, so Ctrl+Z never reverts a colleague's change.
 */
import * as Y from 'yjs';
import { getCommentsMap, getEdgesMap, getNodesMap, getVotesMap } from './doc';

export function createUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
	return new Y.UndoManager(
		[getNodesMap(doc), getEdgesMap(doc), getCommentsMap(doc), getVotesMap(doc)],
		{
			trackedOrigins: new Set([origin]),
			// Typing into a label within half a second is one undo step, as in text editors.
			captureTimeout: 500
		}
	);
}
