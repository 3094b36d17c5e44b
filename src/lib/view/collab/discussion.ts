/**
 * Comments and votes: read from the document into `CollabState` (once per frame however many
 * changes arrive), and written through the editor's one write path, so a viewer's comment or vote
 * is refused like any other change. Browser only.
 *
 * Teardown invariant: every observer and frame started here is released by `destroy()`.
 */
import type * as Y from 'yjs';
import {
	addComment,
	deleteOwnComment,
	readThreads,
	setThreadResolved,
	type Author
} from '$lib/model/comments';
import { getCommentsMap, getVotesMap } from '$lib/model/doc';
import { castVote, readVotes } from '$lib/model/votes';
import type { LocalUser } from '$lib/sync/user';
import type { DocWriter } from '../doc-writer';
import { FrameTask } from '../frame';
import type { CollabState, CommentTargetRef } from './collab-state.svelte';

export class Discussion {
	private readonly doc: Y.Doc;
	private readonly frame = new FrameTask(() => this.read());
	private readonly offs: Array<() => void> = [];

	constructor(
		private readonly writer: DocWriter,
		private readonly state: CollabState,
		/** Who writes: read at each write, so a new name applies at once. */
		private readonly user: () => LocalUser
	) {
		this.doc = writer.doc;
		const comments = getCommentsMap(this.doc);
		const votes = getVotesMap(this.doc);
		const onChange = () => this.frame.schedule();
		comments.observeDeep(onChange);
		votes.observe(onChange);
		this.offs.push(
			() => comments.unobserveDeep(onChange),
			() => votes.unobserve(onChange),
			() => this.frame.cancel()
		);
		this.read();
	}

	private read(): void {
		this.state.threads = readThreads(this.doc);
		this.state.votes = readVotes(this.doc);
	}

	private get author(): Author {
		const u = this.user();
		return { id: u.id, name: u.name };
	}

	/** Adds a comment (a reply with `parent`); false when nothing was added. */
	comment(target: CommentTargetRef, body: string, parent?: string): boolean {
		const author = this.author;
		const id = this.writer.write((doc, origin) =>
			addComment(
				doc,
				{ targetType: target.type, targetId: target.id, body, parent, author },
				origin
			)
		);
		return id !== null && id !== undefined;
	}

	resolve(rootId: string, resolved: boolean): void {
		this.writer.write((doc, origin) => setThreadResolved(doc, rootId, resolved, origin));
	}

	deleteComment(id: string): void {
		const userId = this.user().id;
		this.writer.write((doc, origin) => deleteOwnComment(doc, id, userId, origin));
	}

	vote(nodeId: string, value: number | null): void {
		const author = this.author;
		this.writer.write((doc, origin) => castVote(doc, nodeId, author, value, origin));
	}

	destroy(): void {
		for (const off of this.offs.splice(0)) off();
	}
}
