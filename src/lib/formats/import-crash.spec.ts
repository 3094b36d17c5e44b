import { expect, it, vi } from 'vitest';
import { importMap } from './import';

// Stands in for any bug a hostile file could reach inside a parser.
vi.mock('./aif-import', () => ({
	importAif: () => {
		throw new RangeError('Maximum call stack size exceeded');
	}
}));

it('turns an exception inside a parser into one error, not a crash', () => {
	expect(importMap('{"nodes":[],"edges":[]}')).toEqual({
		ok: false,
		error: 'AIF: the file could not be read: Maximum call stack size exceeded'
	});
});
