import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToFile, fileToDoc, parseMapFile } from './mapfile';
import { readMap } from './read';
import { shippedMaps as shipped, v1Doc } from '$tests/fixtures/shipped-maps';
import { MIGRATIONS, SCHEMA_VERSION, docVersion, migrateFileValue, upgradeDoc } from './schema';

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
