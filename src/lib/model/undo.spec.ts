/**
 * The own-change undo's merge rules as a table: Ada's page (with her history) and Bea's, live in step
 * through their updates. Each case is what Ada did, what Bea did after, what Ada then undid or redid,
 * what was kept and why, and the document both see.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, readThreads } from './comments';
import {
	addEdge,
	addNode,
	deleteNodes,
	getEdge,
	getNode,
	getNodeText,
	getNodesMap,
	initMap,
	setNodeKind,
	setNodeText,
	setPositions
} from './doc';
import { TYPING_BURST_MS, OwnChanges, type BuiltOnHow, type StepResult } from './undo';
import { castVote, readVotes } from './votes';

const ADA = { id: 'u-ada', name: 'Ada' };
const BEA = { id: 'u-bea', name: 'Bea' };
const GESTURE = { name: 'ada-gesture' };
const LABEL = { name: 'ada-label' };

interface Pages {
	a: Y.Doc;
	b: Y.Doc;
	history: OwnChanges;
	/** Advances Ada's clock (typing bursts). */
	wait(ms: number): void;
	/** One gesture of Ada's. */
	ada(fn: (doc: Y.Doc) => void): void;
	/** Ada types `next` into a label (one keystroke's worth of change). */
	type(nodeId: string, next: string): void;
	/** Bea does something; it reaches Ada at once. */
	bea(fn: (doc: Y.Doc) => void): void;
}

function pages(): Pages {
	const a = new Y.Doc();
	const b = new Y.Doc();
	a.on('update', (u: Uint8Array, o: unknown) => o !== 'sync' && Y.applyUpdate(b, u, 'sync'));
	b.on('update', (u: Uint8Array, o: unknown) => o !== 'sync' && Y.applyUpdate(a, u, 'sync'));
	initMap(b, {
		title: 'T',
		source: { title: 'T', author: '', publication: '', date: '', lang: 'en', text: 'One. Two.' },
		sentences: [{ id: 's1', text: 'One.', start: 0, end: 4, paragraph: 0 }]
	});
	// Bea's node from before Ada came.
	addNode(b, { id: 'x', kind: 'claim', text: 'Old point', x: 0, y: 0, author: 'Bea' }, 'bea');
	let clock = 1_000_000;
	const history = new OwnChanges(a, GESTURE, {
		now: () => clock,
		nameOf: (client) => (client === b.clientID ? 'Bea' : null)
	});
	history.track(LABEL);
	return {
		a,
		b,
		history,
		wait: (ms) => void (clock += ms),
		ada(fn) {
			history.beginGesture();
			a.transact(() => fn(a), GESTURE);
		},
		type(nodeId, next) {
			history.beginTyping(nodeId);
			setNodeText(a, nodeId, next, LABEL);
			clock += 100;
		},
		bea: (fn) => b.transact(() => fn(b), 'bea')
	};
}

const text = (doc: Y.Doc, id: string) => getNodeText(doc, id)?.toString() ?? null;
const node = (doc: Y.Doc, t: string, id = 'n') =>
	void addNode(doc, { id, kind: 'claim', text: t, x: 100, y: 100, author: 'Ada' }, null);
const hows = (r: StepResult) => r.kept.flatMap((k) => k.builtOn.map((b) => b.how));

interface Case {
	name: string;
	/** What Ada and Bea do, in order. */
	act: (p: Pages) => void;
	/** What Ada then does; the last one's result is checked against `kept`. */
	then: Array<'undo' | 'redo'>;
	/** How Bea had built on what the last undo kept (empty: nothing kept). */
	kept: BuiltOnHow[];
	/** The document afterwards, the same on both pages. */
	check: (doc: Y.Doc, p: Pages) => void;
}

const CASES: Case[] = [
	{
		name: 'my new node, nobody built on it: undo removes it',
		act: (p) => p.ada((d) => node(d, 'Mine')),
		then: ['undo'],
		kept: [],
		check: (d) => expect(getNode(d, 'n')).toBeUndefined()
	},
	{
		name: 'my new node, Bea typed in its label: kept whole, her words and mine',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) => getNodeText(d, 'n')!.insert(4, ' and hers'));
		},
		then: ['undo'],
		kept: ['changed'],
		check: (d) => expect(text(d, 'n')).toBe('Mine and hers')
	},
	{
		name: 'my new node, Bea deleted a word of it: kept (a deletion is her work too)',
		act: (p) => {
			p.ada((d) => node(d, 'Mine, surely'));
			p.bea((d) => getNodeText(d, 'n')!.delete(4, 8));
		},
		then: ['undo'],
		kept: ['changed'],
		check: (d) => expect(text(d, 'n')).toBe('Mine')
	},
	{
		name: 'my new node, Bea changed its kind: kept, with her kind',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) => setNodeKind(d, 'n', 'evidence', 'bea'));
		},
		then: ['undo'],
		kept: ['changed'],
		check: (d) => expect(getNode(d, 'n')!.get('kind')).toBe('evidence')
	},
	{
		name: 'my new node, Bea connected hers to it: kept, her edge intact',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) =>
				addEdge(d, { id: 'eb', from: 'x', to: 'n', relation: 'supports', author: 'Bea' }, 'bea')
			);
		},
		then: ['undo'],
		kept: ['connected'],
		check: (d) => {
			expect(getNode(d, 'n')).toBeDefined();
			expect(getEdge(d, 'eb')!.get('to')).toBe('n');
		}
	},
	{
		name: 'my new node, Bea voted on it: kept, her vote counts',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) => castVote(d, 'n', BEA, 4, 'bea'));
		},
		then: ['undo'],
		kept: ['voted'],
		check: (d) => {
			expect(getNode(d, 'n')).toBeDefined();
			expect(readVotes(d).map((v) => v.value)).toEqual([4]);
		}
	},
	{
		name: 'my new node, Bea commented on it: kept',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) =>
				addComment(d, { targetType: 'node', targetId: 'n', body: 'Why?', author: BEA }, 'bea')
			);
		},
		then: ['undo'],
		kept: ['commented'],
		check: (d) => expect(getNode(d, 'n')).toBeDefined()
	},
	{
		name: 'my new node, Bea only moved it: moving is not building, undo removes it',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) => setPositions(d, [['n', { x: 400, y: 400 }]], 'bea'));
		},
		then: ['undo'],
		kept: [],
		check: (d) => expect(getNode(d, 'n')).toBeUndefined()
	},
	{
		name: 'Bea connected to my node, then removed her edge: nothing of hers left, undo removes it',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.bea((d) => addEdge(d, { id: 'eb', from: 'x', to: 'n', relation: 'supports' }, 'bea'));
			p.bea((d) => d.getMap('edges').delete('eb'));
		},
		then: ['undo'],
		kept: [],
		check: (d) => expect(getNode(d, 'n')).toBeUndefined()
	},
	{
		name: 'my node and my edge in one step, Bea voted on the node: node kept, my edge undone',
		act: (p) => {
			p.ada((d) => {
				node(d, 'Mine');
				addEdge(d, { id: 'ea', from: 'n', to: 'x', relation: 'supports', author: 'Ada' }, null);
			});
			p.bea((d) => castVote(d, 'n', BEA, 2, 'bea'));
		},
		then: ['undo'],
		kept: ['voted'],
		check: (d) => {
			expect(getNode(d, 'n')).toBeDefined();
			expect(getEdge(d, 'ea')).toBeUndefined();
		}
	},
	{
		name: 'my comment, Bea replied: kept, the thread whole',
		act: (p) => {
			p.ada((d) =>
				addComment(d, { targetType: 'node', targetId: 'x', body: 'Source?', author: ADA }, null)
			);
			const root = readThreads(p.b)[0].root.id;
			p.bea((d) =>
				addComment(
					d,
					{ targetType: 'node', targetId: 'x', body: 'Page 3.', parent: root, author: BEA },
					'bea'
				)
			);
		},
		then: ['undo'],
		kept: ['replied'],
		check: (d) => {
			const threads = readThreads(d);
			expect(threads.map((t) => [t.root.body, t.replies.map((r) => r.body)])).toEqual([
				['Source?', ['Page 3.']]
			]);
		}
	},
	{
		name: 'my comment, no reply: undo removes it',
		act: (p) =>
			p.ada((d) =>
				addComment(d, { targetType: 'node', targetId: 'x', body: 'Source?', author: ADA }, null)
			),
		then: ['undo'],
		kept: [],
		check: (d) => expect(readThreads(d)).toEqual([])
	},
	{
		name: 'my edge, Bea undercut it: kept',
		act: (p) => {
			p.ada((d) => {
				node(d, 'Mine');
			});
			p.ada((d) => void addEdge(d, { id: 'ea', from: 'n', to: 'x', relation: 'supports' }, null));
			p.bea((d) => {
				addNode(d, { id: 'u', kind: 'rebuttal', text: 'No', author: 'Bea' }, 'bea');
				addEdge(d, { id: 'ub', from: 'u', to: 'ea', relation: 'undercuts', author: 'Bea' }, 'bea');
			});
		},
		then: ['undo'],
		kept: ['undercut'],
		check: (d) => expect(getEdge(d, 'ea')).toBeDefined()
	},
	{
		name: 'I set a kind, Bea set another after: her kind stays',
		act: (p) => {
			p.ada((d) => setNodeKind(d, 'x', 'evidence', null));
			p.bea((d) => setNodeKind(d, 'x', 'rebuttal', 'bea'));
		},
		then: ['undo'],
		kept: [],
		check: (d) => expect(getNode(d, 'x')!.get('kind')).toBe('rebuttal')
	},
	{
		name: 'I set the kind of Bea’s node, she typed in it after: my kind reverted, her text stays',
		act: (p) => {
			p.ada((d) => setNodeKind(d, 'x', 'evidence', null));
			p.bea((d) => getNodeText(d, 'x')!.insert(0, 'An '));
		},
		then: ['undo'],
		kept: [],
		check: (d) => {
			expect(getNode(d, 'x')!.get('kind')).toBe('claim');
			expect(text(d, 'x')).toBe('An Old point');
		}
	},
	{
		name: 'my typing burst, Bea typed inside it: undo removes only my characters',
		act: (p) => {
			for (const t of ['Old point.', 'Old point. Ye', 'Old point. Yes!']) p.type('x', t);
			p.bea((d) => getNodeText(d, 'x')!.insert(13, 's, y'));
		},
		then: ['undo'],
		kept: [],
		check: (d) => expect(text(d, 'x')).toBe('Old points, y')
	},
	{
		name: 'two bursts a pause apart are two steps',
		act: (p) => {
			p.type('x', 'Old point.');
			p.type('x', 'Old point. A');
			p.wait(TYPING_BURST_MS);
			p.type('x', 'Old point. AB');
		},
		then: ['undo'],
		kept: [],
		check: (d) => expect(text(d, 'x')).toBe('Old point. A')
	},
	{
		name: 'a gesture between keystrokes cuts the burst',
		act: (p) => {
			p.type('x', 'Old point!');
			p.ada((d) => setNodeKind(d, 'x', 'note', null));
			p.type('x', 'Old point!!');
		},
		then: ['undo', 'undo'],
		kept: [],
		check: (d) => {
			expect(text(d, 'x')).toBe('Old point!');
			expect(getNode(d, 'x')!.get('kind')).toBe('claim');
		}
	},
	{
		name: 'my auto layout, Bea moved one node after: undo moves the rest back, hers stays',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.ada((d) =>
				setPositions(
					d,
					[
						['x', { x: 500, y: 0 }],
						['n', { x: 500, y: 200 }]
					],
					null
				)
			);
			p.bea((d) => setPositions(d, [['x', { x: -50, y: -50 }]], 'bea'));
		},
		then: ['undo'],
		kept: [],
		check: (d) => {
			expect(getNode(d, 'n')!.get('x')).toBe(100);
			expect(getNode(d, 'x')!.get('x')).toBe(-50);
		}
	},
	{
		name: 'I deleted Bea’s node and its edges: undo brings them back',
		act: (p) => {
			p.bea((d) => {
				addNode(d, { id: 'y', kind: 'claim', text: 'Y', author: 'Bea' }, 'bea');
				addEdge(d, { id: 'ey', from: 'y', to: 'x', relation: 'attacks' }, 'bea');
			});
			p.ada((d) => deleteNodes(d, ['x'], null));
		},
		then: ['undo'],
		kept: [],
		check: (d) => {
			expect(text(d, 'x')).toBe('Old point');
			expect(getEdge(d, 'ey')!.get('to')).toBe('x');
		}
	},
	{
		name: 'a step kept whole is used up: the step before is not undone with it',
		act: (p) => {
			p.ada((d) => node(d, 'First', 'n1'));
			p.ada((d) => node(d, 'Second', 'n2'));
			p.bea((d) => castVote(d, 'n2', BEA, 5, 'bea'));
		},
		then: ['undo'],
		kept: ['voted'],
		check: (d, p) => {
			expect([...getNodesMap(d).keys()].sort()).toEqual(['n1', 'n2', 'x']);
			expect(p.history.depth).toBe(1);
		}
	},
	{
		name: 'redo, then Bea changed the node: the next undo keeps it',
		act: (p) => {
			p.ada((d) => node(d, 'Mine'));
			p.history.undo();
			p.history.redo();
			p.bea((d) => getNodeText(d, 'n')!.insert(0, '> '));
		},
		then: ['undo'],
		kept: ['changed'],
		check: (d) => expect(text(d, 'n')).toBe('> Mine')
	},
	{
		name: 'my vote, Bea voted too: undo withdraws mine only',
		act: (p) => {
			p.ada((d) => castVote(d, 'x', ADA, 1, null));
			p.bea((d) => castVote(d, 'x', BEA, 5, 'bea'));
		},
		then: ['undo'],
		kept: [],
		check: (d) => expect(readVotes(d).map((v) => v.voter)).toEqual(['Bea'])
	}
];

describe('own-change undo: merge rules', () => {
	it.each(CASES)('$name', ({ act, then, kept, check }) => {
		const p = pages();
		act(p);
		let result: StepResult = { changed: false, kept: [] };
		for (const action of then) result = action === 'undo' ? p.history.undo() : p.history.redo();
		expect(hows(result).sort()).toEqual([...kept].sort());
		check(p.a, p);
		check(p.b, p);
		// Both pages hold the same document.
		expect(p.a.getMap('nodes').toJSON()).toEqual(p.b.getMap('nodes').toJSON());
	});

	it('names who built on a kept record, from the record or from presence', () => {
		const p = pages();
		p.ada((d) => node(d, 'Mine'));
		p.bea((d) => getNodeText(d, 'n')!.insert(0, 'So: '));
		p.bea((d) => castVote(d, 'n', { id: 'u-cy', name: 'Cy' }, 3, 'bea'));
		const r = p.history.undo();
		expect(r.kept).toEqual([
			{
				root: 'nodes',
				id: 'n',
				builtOn: [
					{ how: 'changed', by: 'Bea' },
					{ how: 'voted', by: 'Cy' }
				]
			}
		]);
		expect(r.changed).toBe(false);
	});

	it('a kept step stays undone for redo: redo has nothing to bring back', () => {
		const p = pages();
		p.ada((d) => node(d, 'Mine'));
		p.bea((d) => castVote(d, 'n', BEA, 3, 'bea'));
		p.history.undo();
		expect(p.history.canRedo).toBe(false);
		expect(p.history.canUndo).toBe(false);
	});

	it('cancel of a label session goes back to its mark, and nothing of Bea’s', () => {
		const p = pages();
		p.ada((d) => node(d, 'Mine'));
		const mark = p.history.depth;
		p.type('n', 'Mine!');
		p.wait(TYPING_BURST_MS);
		p.type('n', 'Mine!!');
		p.bea((d) => getNodeText(d, 'n')!.insert(0, '* '));
		p.history.undoTo(mark);
		expect(text(p.b, 'n')).toBe('* Mine');
		expect(p.history.depth).toBe(mark);
	});

	it('tells its subscribers after each step and after an undo is over, with the stacks settled', () => {
		const p = pages();
		const seen: Array<[boolean, boolean]> = [];
		p.history.subscribe(() => seen.push([p.history.canUndo, p.history.canRedo]));
		p.ada((d) => node(d, 'One', 'n1'));
		p.ada((d) => node(d, 'Two', 'n2'));
		p.history.undoTo(1);
		p.history.undo();
		expect(seen).toEqual([
			[true, false],
			[true, false],
			[true, true],
			[false, true]
		]);
	});

	it('destroy stops tracking', () => {
		const p = pages();
		p.history.destroy();
		p.ada((d) => node(d, 'Mine'));
		expect(p.history.canUndo).toBe(false);
	});
});
