import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addNode, deleteNodes, getNodeText } from '$lib/model/doc';
import { DocWriter } from './doc-writer';
import { LabelSession } from './label-session';

function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on(
		'update',
		(u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(b, u, 'sync')
	);
	b.on(
		'update',
		(u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(a, u, 'sync')
	);
	addNode(a, { id: 'n', kind: 'claim', text: 'hello world', author: 't' }, null);
	return { a, b };
}

describe('LabelSession', () => {
	it('splices typing into the Y.Text and shows peer edits with the caret kept', () => {
		const { a, b } = pair();
		let caret = { start: 5, end: 5 };
		const onRemote = vi.fn((_v: string, sel: { start: number; end: number }) => (caret = sel));
		const s = new LabelSession(new DocWriter(a), 'n', { onRemote, onGone: () => {} }, () => caret);
		s.input('hello, world');
		expect(getNodeText(b, 'n')!.toString()).toBe('hello, world');
		getNodeText(b, 'n')!.insert(0, 'Oh ');
		expect(onRemote).toHaveBeenLastCalledWith('Oh hello, world', { start: 8, end: 8 });
		expect(s.current).toBe('Oh hello, world');
		s.destroy();
	});

	it('cancel undoes only its own changes', () => {
		const { a, b } = pair();
		const s = new LabelSession(
			new DocWriter(a),
			'n',
			{ onRemote: () => {}, onGone: () => {} },
			() => ({
				start: 0,
				end: 0
			})
		);
		s.input('hello world!!');
		getNodeText(b, 'n')!.insert(0, '>> ');
		s.cancel();
		expect(getNodeText(a, 'n')!.toString()).toBe('>> hello world');
		expect(getNodeText(b, 'n')!.toString()).toBe('>> hello world');
		s.destroy();
	});

	it('reports when the node is deleted by a peer', () => {
		const { a, b } = pair();
		const onGone = vi.fn();
		const s = new LabelSession(new DocWriter(a), 'n', { onRemote: () => {}, onGone }, () => ({
			start: 0,
			end: 0
		}));
		deleteNodes(b, ['n'], null);
		expect(onGone).toHaveBeenCalled();
		s.destroy();
	});
});
