import { describe, expect, it } from 'vitest';
import { zipArchive } from '$tests/fixtures/readings';
import { readEntry, zipEntries } from './zip';

describe('zipEntries and readEntry', () => {
	it('lists names and declared sizes without unpacking, and reads one entry', () => {
		const zip = zipArchive([
			{ name: 'word/document.xml', data: Buffer.from('<w:document/>'.repeat(100)) },
			{ name: 'docProps/core.xml', data: Buffer.from('<dc:title>T</dc:title>') }
		]);
		const entries = zipEntries(zip);
		if (typeof entries === 'string') throw new Error(entries);
		expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
			['word/document.xml', 1300],
			['docProps/core.xml', 22]
		]);
		expect(readEntry(zip, entries[1], 1024).toString()).toBe('<dc:title>T</dc:title>');
	});

	it('reports the sizes a bomb declares', () => {
		const zip = zipArchive([{ name: 'word/document.xml', data: Buffer.alloc(10), declared: 4e9 }]);
		const entries = zipEntries(zip);
		expect(typeof entries !== 'string' && entries[0].uncompressedSize).toBe(4e9);
	});

	it('never inflates past the limit it is given', () => {
		const zip = zipArchive([{ name: 'big', data: Buffer.alloc(1024 * 1024) }]);
		const entries = zipEntries(zip);
		if (typeof entries === 'string') throw new Error(entries);
		expect(() => readEntry(zip, entries[0], 1024)).toThrow();
	});

	it.each([
		[
			'not a ZIP at all',
			Buffer.from('hello world, this is not an archive at all'),
			/no end of central directory/
		],
		[
			'a directory pointing past the end',
			(() => {
				const zip = zipArchive([{ name: 'a', data: Buffer.from('x') }]);
				zip.writeUInt32LE(0xffff0, zip.length - 6);
				return zip;
			})(),
			/points past the end/
		]
	])('refuses %s', (_name, bytes, error) => {
		expect(zipEntries(bytes)).toMatch(error);
	});
});
