/**
 * Own-change undo: a Y.UndoManager over the editable roots that tracks only `origin`, the origin of
 * this person's local gestures, so Ctrl+Z never reverts a colleague's change. Typing into a label
 * has its own origin (the label editor's, undone by its Esc) and is not on this stack; changes made
 * within half a second of each other are one step.
 */
import * as Y from 'yjs';
import { getCommentsMap, getEdgesMap, getNodesMap, getVotesMap } from './doc';

export function createUndoManager(doc: Y.Doc, origin: unknown): Y.UndoManager {
	return new Y.UndoManager(
		[getNodesMap(doc), getEdgesMap(doc), getCommentsMap(doc), getVotesMap(doc)],
		{
			trackedOrigins: new Set([origin]),
			captureTimeout: 500
		}
	);
}
