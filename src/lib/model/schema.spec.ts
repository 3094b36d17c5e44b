import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToFile, fileToDoc, parseMapFile } from './mapfile';
import { readMap } from './read';
import { shippedMaps as shipped, v1Doc } from '$tests/fixtures/shipped-maps';
import {
	MIGRATIONS,
	NodeRecordSchema,
	SCHEMA_VERSION,
	VoteRecordSchema,
	describeIssues,
	docVersion,
	migrateFileValue,
	upgradeDoc
} from './schema';

it('maps/ holds a map of an older version, so migration on load is exercised on a real file', () => {
	expect(shipped.some(([, text]) => JSON.parse(text).version < SCHEMA_VERSION)).toBe(true);
});

describe('the contract history', () => {
	it('has one migration per version, in order, ending at the current version', () => {
		expect(MIGRATIONS.map((m) => m.from)).toEqual(
			Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1)
		);
	});

	it('refuses a file from a newer Warrant, and a version that is not a whole number', () => {
		expect(migrateFileValue({ version: SCHEMA_VERSION + 1 })).toEqual({
			ok: false,
			error: `version: this file has version ${SCHEMA_VERSION + 1}; this Warrant reads up to version ${SCHEMA_VERSION}`
		});
		expect(migrateFileValue({ version: '1' })).toMatchObject({ ok: false });
		expect(migrateFileValue({})).toMatchObject({ ok: false });
	});
});

describe.each(shipped)('maps/%s', (_name, text) => {
	const raw = JSON.parse(text) as Record<string, unknown> & { meta: Record<string, unknown> };

	it('loads at the current version with every record unchanged (migrated if older)', () => {
		expect(raw.version).toBeLessThanOrEqual(SCHEMA_VERSION);
		const parsed = parseMapFile(raw);
		if (!parsed.ok) throw new Error(parsed.error);
		const file = parsed.value;
		expect([file.version, file.meta.schema]).toEqual([SCHEMA_VERSION, SCHEMA_VERSION]);
		expect({
			...file,
			version: raw.version,
			meta: { ...file.meta, schema: raw.meta.schema }
		}).toEqual({
			comments: [],
			votes: [],
			...raw
		});
		// And a document built from it projects back onto the same file.
		expect(docToFile(fileToDoc(file), file.id)).toEqual(file);
	});

	it('as a v1 document, reads as current before its upgrade and is upgraded once', () => {
		const doc = v1Doc(text);
		const before = readMap(doc);
		expect(before.problems).toEqual([]);
		expect(before.meta?.schema).toBe(SCHEMA_VERSION);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(upgradeDoc(doc, 'test')).toBe(1);
		expect([docVersion(doc), updates]).toEqual([SCHEMA_VERSION, 1]);
		// Idempotent: a second run writes nothing.
		expect(upgradeDoc(doc, 'test')).toBe(SCHEMA_VERSION);
		expect(updates).toBe(1);
		expect(readMap(doc)).toEqual(before);
	});

	it('upgraded by two peers at once, converges', () => {
		const a = v1Doc(text);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		upgradeDoc(a, 'a');
		upgradeDoc(b, 'b');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(docVersion(a)).toBe(SCHEMA_VERSION);
		expect(readMap(a)).toEqual(readMap(b));
	});
});

describe('v2 → v3: authorId on nodes and edges', () => {
	const AT = '2024-01-01T00:00:00.000Z';
	/**
	 * Ada wrote a comment (id ada1); Bo voted from two browsers (bo1, bo2), so his name is
	 * ambiguous; Cy never commented or voted; Di's node already has an id.
	 */
	function v2File(): Record<string, unknown> {
		const source = { title: 'T', author: '', publication: '', date: '', lang: 'en', text: 'A b.' };
		const node = (id: string, author: string, extra = {}) => ({
			id,
			kind: 'claim',
			text: id,
			anchors: [],
			author,
			createdAt: AT,
			...extra
		});
		return {
			format: 'warrant-map',
			version: 2,
			id: 'm',
			meta: { schema: 2, title: 'T', createdAt: AT, source },
			sentences: [{ id: 's1', text: 'A b.', start: 0, end: 4, paragraph: 0 }],
			nodes: [
				node('n1', 'Ada'),
				node('n2', ' Bo '),
				node('n3', 'Cy'),
				node('n4', 'Ada', { authorId: 'di9' })
			],
			edges: [{ id: 'e1', from: 'n1', to: 'n2', relation: 'supports', author: 'Ada' }],
			comments: [
				{
					id: 'c1',
					targetType: 'node',
					targetId: 'n1',
					body: 'x',
					author: 'Ada',
					authorId: 'ada1',
					createdAt: AT
				}
			],
			votes: [
				{ nodeId: 'n1', voterId: 'bo1', voter: 'Bo', value: 3, at: AT },
				{ nodeId: 'n2', voterId: 'bo2', voter: 'Bo', value: 4, at: AT }
			]
		};
	}
	const EXPECTED_IDS = { n1: 'ada1', n2: undefined, n3: undefined, n4: 'di9', e1: 'ada1' };

	const idsOf = (nodes: { id: string; authorId?: string }[], edges: typeof nodes) =>
		Object.fromEntries([...nodes, ...edges].map((r) => [r.id, r.authorId]));

	it('a file: names that belong to exactly one participant id get it', () => {
		const parsed = parseMapFile(v2File());
		if (!parsed.ok) throw new Error(parsed.error);
		expect(parsed.value.version).toBe(SCHEMA_VERSION);
		expect(idsOf(parsed.value.nodes, parsed.value.edges)).toEqual(EXPECTED_IDS);
	});

	/** The v2 file as a v2 document (what a server stored before v3). */
	function v2Doc(): Y.Doc {
		const parsed = parseMapFile(v2File());
		if (!parsed.ok) throw new Error(parsed.error);
		const doc = fileToDoc(parsed.value);
		doc.transact(() => {
			doc.getMap('meta').set('schema', 2);
			for (const root of ['nodes', 'edges'] as const)
				doc.getMap<Y.Map<unknown>>(root).forEach((r, id) => {
					if (id !== 'n4') r.delete('authorId');
				});
		});
		return doc;
	}

	it('a document: the same ids, in one update, idempotent', () => {
		const doc = v2Doc();
		let updates = 0;
		doc.on('update', () => updates++);
		expect(upgradeDoc(doc, 'test')).toBe(2);
		const view = readMap(doc);
		expect(view.problems).toEqual([]);
		expect(idsOf(view.nodes, view.edges)).toEqual(EXPECTED_IDS);
		expect(upgradeDoc(doc, 'test')).toBe(SCHEMA_VERSION);
		expect(updates).toBe(1);
	});

	it('upgraded by two peers at once, converges to the same ids', () => {
		const a = v2Doc();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		upgradeDoc(a, 'a');
		upgradeDoc(b, 'b');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readMap(a)).toEqual(readMap(b));
		expect(idsOf(readMap(b).nodes, readMap(b).edges)).toEqual(EXPECTED_IDS);
	});

	it('refuses an authorId that is not a participant id', () => {
		const file = v2File();
		(file.nodes as Record<string, unknown>[])[2].authorId = 'has space';
		expect(parseMapFile(file)).toMatchObject({ ok: false, error: /nodes\[2\]\.authorId/ });
	});
});

describe('validator messages', () => {
	// The schemas are built with zod's functional build (`zod/mini`), which loads no locale by
	// itself: without the English one every message would be the bare "Invalid input".
	it('say in English what is wrong and the limit, by path', () => {
		const node = {
			id: 'n1',
			kind: 'claim',
			text: 'x'.repeat(10_001),
			anchors: [],
			author: '',
			createdAt: '2026-01-01',
			tags: ['']
		};
		const parsed = NodeRecordSchema.safeParse(node);
		expect(parsed.success).toBe(false);
		expect(describeIssues(parsed.error!)).toBe(
			'text: Too big: expected string to have <=10000 characters; createdAt: Invalid ISO datetime; ' +
				'tags[0]: Too small: expected string to have >=1 characters'
		);
		const vote = VoteRecordSchema.safeParse({
			nodeId: 'n1',
			voterId: 'p',
			voter: 'P',
			value: 2.5,
			at: '2026-01-01T00:00:00Z'
		});
		expect(describeIssues(vote.error!, 'votes[0]')).toBe(
			'votes[0].value: Invalid input: expected int, received number'
		);
	});
});
