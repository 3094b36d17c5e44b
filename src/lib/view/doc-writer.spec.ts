import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAnchor, addNode, getNodesMap } from '$lib/model/doc';
import { DocWriter } from './doc-writer';

function setup(writable: boolean) {
	const doc = new Y.Doc();
	const refusals: number[] = [];
	const writer = new DocWriter(doc, {
		canWrite: () => writable,
		refuse: () => refusals.push(1)
	});
	const origins: unknown[] = [];
	doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
	return { doc, writer, refusals, origins };
}

const anchor = { sentenceId: 's1', start: 0, end: 1, exact: 'A', prefix: '', suffix: '' };

describe('DocWriter', () => {
	it('writes a gesture of several changes as one transaction with its origin', () => {
		const { doc, writer, origins } = setup(true);
		const id = writer.write((d, origin) => {
			const n = addNode(d, { kind: 'claim', text: 'A', author: 'ada' }, origin);
			addAnchor(d, n, anchor, origin);
			return n;
		});
		expect(id).toMatch(/./);
		expect(getNodesMap(doc).size).toBe(1);
		expect(origins).toEqual([writer.origin]);
	});

	it('refuses a viewer: nothing changes, the person is told once, nothing is returned', () => {
		const { doc, writer, refusals, origins } = setup(false);
		const id = writer.write((d, origin) =>
			addNode(d, { kind: 'claim', text: 'A', author: 'ada' }, origin)
		);
		expect(id).toBeUndefined();
		expect(getNodesMap(doc).size).toBe(0);
		expect(origins).toEqual([]);
		expect(refusals).toHaveLength(1);
		expect(writer.mayWrite()).toBe(false);
		expect(refusals).toHaveLength(2);
	});

	it('writes derived positions for a viewer too, and with another origin when asked', () => {
		const { writer, origins } = setup(false);
		writer.place((d, origin) => void addNode(d, { kind: 'claim', text: '', author: '' }, origin));
		expect(origins).toEqual([writer.placeOrigin]);
		const open = setup(true);
		const label = { name: 'label' };
		open.writer.write(
			(d, origin) => addNode(d, { kind: 'note', text: '', author: '' }, origin),
			label
		);
		expect(open.origins).toEqual([label]);
	});
});
