import { describe, expect, it } from 'vitest';
import type { NodeKind, Relation } from '$lib/model/schema';
import {
	buildOutline,
	fullItemKey,
	treeMove,
	visibleItems,
	type OutlineItem,
	type TreeKey
} from './outline';

const node = (id: string, kind: NodeKind = 'claim') => ({ id, kind });
const edge = (from: string, to: string, relation: Relation = 'supports', group?: string) => ({
	id: `${from}>${to}`,
	from,
	to,
	relation,
	...(group ? { group } : {})
});

/** One line per item: indentation by level, type marker, node (or group), relation. */
function render(items: readonly OutlineItem[]): string[] {
	return visibleItems(items).map((it) => {
		const what =
			it.type === 'group' ? `[group ${it.group}]` : `${it.type === 'ref' ? '→ ' : ''}${it.nodeId}`;
		return `${'  '.repeat(it.level - 1)}${what}${it.relation ? ` (${it.relation})` : ''}`;
	});
}

describe('buildOutline', () => {
	const cases: Array<{
		name: string;
		nodes: ReturnType<typeof node>[];
		edges: ReturnType<typeof edge>[];
		want: string[];
	}> = [
		{
			name: 'thesis with a supporter and an attacker',
			nodes: [node('t', 'thesis'), node('a'), node('b', 'counterpoint')],
			edges: [edge('a', 't'), edge('b', 't', 'attacks')],
			want: ['t', '  a (supports)', '  b (attacks)']
		},
		{
			name: 'shared child: in full once, a reference elsewhere',
			nodes: [node('t', 'thesis'), node('x'), node('y'), node('shared', 'evidence')],
			edges: [edge('x', 't'), edge('y', 't'), edge('shared', 'x'), edge('shared', 'y')],
			want: [
				't',
				'  x (supports)',
				'    shared (supports)',
				'  y (supports)',
				'    → shared (supports)'
			]
		},
		{
			name: 'cycle: no endless recursion, the node that closes it is a reference',
			nodes: [node('t', 'thesis'), node('a'), node('b')],
			edges: [edge('a', 't'), edge('b', 'a'), edge('a', 'b')],
			want: ['t', '  a (supports)', '    b (supports)', '      → a (supports)']
		},
		{
			name: 'cycle with no way in: still shown, once',
			nodes: [node('a'), node('b')],
			edges: [edge('a', 'b'), edge('b', 'a', 'attacks')],
			want: ['a', '  b (attacks)', '    → a (supports)']
		},
		{
			name: 'undercut: under the premise whose edge it attacks, before its own supporters',
			nodes: [node('t', 'thesis'), node('p'), node('u', 'rebuttal'), node('q', 'evidence')],
			edges: [edge('p', 't'), edge('q', 'p'), { ...edge('u', 'p>t', 'undercuts') }],
			want: ['t', '  p (supports)', '    u (undercuts)', '    q (supports)']
		},
		{
			name: 'co-premise group: one item, premises linked with each other',
			nodes: [node('t', 'thesis'), node('p1'), node('p2'), node('c', 'counterpoint')],
			edges: [
				edge('p1', 't', 'supports', 'g'),
				edge('p2', 't', 'supports', 'g'),
				edge('c', 't', 'attacks')
			],
			want: [
				't',
				'  [group g] (supports)',
				'    p1 (linked with)',
				'    p2 (linked with)',
				'  c (attacks)'
			]
		},
		{
			name: 'orphans and other top-level nodes after the theses',
			nodes: [node('loose', 'note'), node('t', 'thesis'), node('q', 'question')],
			edges: [],
			want: ['t', 'loose', 'q']
		},
		{
			name: 'edges to missing nodes are ignored',
			nodes: [node('t', 'thesis'), node('a')],
			edges: [
				edge('a', 't'),
				edge('ghost', 't'),
				edge('a', 'gone'),
				edge('a', 'nowhere', 'undercuts')
			],
			want: ['t', '  a (supports)']
		}
	];
	it.each(cases)('$name', ({ nodes, edges, want }) => {
		expect(render(buildOutline(nodes, edges))).toEqual(want);
	});

	it('gives every item a unique key, and a node one full item', () => {
		const roots = buildOutline(
			[node('t', 'thesis'), node('x'), node('y'), node('s')],
			[edge('x', 't'), edge('y', 't'), edge('s', 'x'), edge('s', 'y')]
		);
		const keys = visibleItems(roots).map((i) => i.key);
		expect(new Set(keys).size).toBe(keys.length);
		expect(fullItemKey(roots, 's')).toBe('t/x>t/s>x');
		expect(fullItemKey(roots, 'nope')).toBeNull();
	});
});

describe('treeMove', () => {
	const roots = buildOutline(
		[node('t', 'thesis'), node('a'), node('b'), node('n', 'note')],
		[edge('a', 't'), edge('b', 'a')]
	);
	// Visible order: t, t/a>t, t/a>t/b>a, n
	const cases: Array<[string | null, TreeKey, string[], ReturnType<typeof treeMove>]> = [
		[null, 'ArrowDown', [], { type: 'focus', key: 't' }],
		['t', 'ArrowDown', [], { type: 'focus', key: 't/a>t' }],
		['n', 'ArrowDown', [], { type: 'focus', key: 'n' }],
		['t/a>t', 'ArrowUp', [], { type: 'focus', key: 't' }],
		['t', 'ArrowUp', [], { type: 'focus', key: 't' }],
		['t', 'ArrowRight', [], { type: 'focus', key: 't/a>t' }],
		['t', 'ArrowRight', ['t'], { type: 'expand', key: 't' }],
		['n', 'ArrowRight', [], null],
		['t', 'ArrowLeft', [], { type: 'collapse', key: 't' }],
		['t/a>t/b>a', 'ArrowLeft', [], { type: 'focus', key: 't/a>t' }],
		['t', 'ArrowLeft', ['t'], null],
		['t/a>t', 'End', [], { type: 'focus', key: 'n' }],
		['t', 'End', ['t'], { type: 'focus', key: 'n' }],
		['n', 'Home', [], { type: 'focus', key: 't' }],
		// Collapsed: Down skips the hidden children.
		['t', 'ArrowDown', ['t'], { type: 'focus', key: 'n' }]
	];
	it.each(cases)('from %s, %s (collapsed %j)', (from, key, collapsed, want) => {
		expect(treeMove(roots, new Set(collapsed), from, key)).toEqual(want);
	});

	it('does nothing on an empty tree', () => {
		expect(treeMove([], new Set(), null, 'ArrowDown')).toBeNull();
	});
});
