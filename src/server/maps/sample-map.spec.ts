/** The sample map shipped in maps/ must always import: it is what a fresh server shows first. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docToFile, fileToDoc, parseMapFileText } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';

const SAMPLE = resolve(import.meta.dirname, '../../../maps/sample-sunday-libraries.json');

describe('maps/sample-sunday-libraries.json', () => {
	const parsed = parseMapFileText(readFileSync(SAMPLE, 'utf8'));

	it('parses as a warrant-map file', () => {
		expect(parsed).toMatchObject({ ok: true });
	});

	it('has a thesis, a co-premise group, an attack and an undercut, every node anchored', () => {
		if (!parsed.ok) throw new Error(parsed.error);
		const { nodes, edges } = parsed.value;
		expect(nodes.some((n) => n.kind === 'thesis')).toBe(true);
		expect(nodes.every((n) => n.anchors.length > 0)).toBe(true);
		const groups = edges.filter((e) => e.group).map((e) => e.group);
		expect(groups.length).toBeGreaterThanOrEqual(2);
		expect(new Set(groups).size).toBeLessThan(groups.length);
		expect(edges.some((e) => e.relation === 'attacks')).toBe(true);
		expect(edges.some((e) => e.relation === 'undercuts')).toBe(true);
	});

	it('survives a round trip through a Y.Doc without problems', () => {
		if (!parsed.ok) throw new Error(parsed.error);
		const doc = fileToDoc(parsed.value);
		expect(readMap(doc).problems).toEqual([]);
		expect(docToFile(doc, parsed.value.id)).toEqual(parsed.value);
	});
});
