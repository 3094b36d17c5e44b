import { describe, expect, it } from 'vitest';
import type { KeptRecord } from '$lib/model/undo';
import { describeKept } from './own-undo';

describe('describeKept', () => {
	it.each<[string, KeptRecord[], string]>([
		[
			'one person, several ways, in their order, repeats once',
			[
				{
					root: 'nodes',
					id: 'n',
					builtOn: [
						{ how: 'changed', by: 'Bea' },
						{ how: 'connected', by: 'Bea' },
						{ how: 'connected', by: 'Bea' },
						{ how: 'voted', by: 'Bea' }
					]
				}
			],
			'Kept your node “Label”: Bea changed it, connected to it and voted on it.'
		],
		[
			'two people, one unnamed',
			[
				{
					root: 'comments',
					id: 'c',
					builtOn: [
						{ how: 'replied', by: 'Cy' },
						{ how: 'changed', by: null }
					]
				}
			],
			'Kept your comment “Label”: Cy replied to it; someone changed it.'
		],
		[
			'an edge',
			[{ root: 'edges', id: 'e', builtOn: [{ how: 'undercut', by: 'Bea' }] }],
			'Kept your connection “Label”: Bea undercut it.'
		]
	])('%s', (_name, kept, text) => {
		expect(describeKept(kept, () => ' Label ')).toBe(text);
	});

	it('leaves out an empty label', () => {
		expect(
			describeKept([{ root: 'nodes', id: 'n', builtOn: [{ how: 'voted', by: 'Bea' }] }], () => '')
		).toBe('Kept your node: Bea voted on it.');
	});
});
