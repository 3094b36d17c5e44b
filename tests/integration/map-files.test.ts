/**
 * Start-up import of `MAPS_DIR/*.json`: good files become maps, bad ones are reported by name and
 * reason and skipped, the server starts anyway, and storage is the truth afterwards.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MapFile } from '$lib/model/mapfile';
import { tempDir, type RunningServer } from '$tests/helpers/server';
import { SAMPLE_FILE, SAMPLE_ID, getJson, sampleMapsDir, useServers } from './support';

describe('map files at start-up', () => {
	const { start, servers } = useServers();
	const listedIds = async (server: RunningServer) =>
		((await getJson(server, '/api/maps')).body as Array<{ id: string }>).map((m) => m.id).sort();

	it('reports and skips malformed files, imports the good ones, and starts', async () => {
		const mapsDir = sampleMapsDir();
		const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
		writeFileSync(join(mapsDir, 'not-json.json'), '{ "format": "warrant-map", ');
		writeFileSync(
			join(mapsDir, 'bad-anchor.json'),
			JSON.stringify({
				...sample,
				id: undefined,
				nodes: [
					{ ...sample.nodes[0], anchors: [{ ...sample.nodes[0].anchors[0], exact: 'wrong words' }] }
				],
				edges: []
			})
		);
		writeFileSync(join(mapsDir, 'wrong-format.json'), JSON.stringify({ format: 'something-else' }));
		writeFileSync(join(mapsDir, 'Bad_Name.json'), JSON.stringify({ ...sample, id: undefined }));
		writeFileSync(
			join(mapsDir, 'second-good.json'),
			JSON.stringify({ ...sample, id: undefined, meta: { ...sample.meta, title: 'Second' } })
		);
		writeFileSync(join(mapsDir, 'ignored.txt'), 'not a map file');

		const server = await start({ mapsDir });
		const out = server.output();
		expect(out).toMatch(/not-json\.json skipped: not valid JSON/);
		expect(out).toMatch(
			/bad-anchor\.json skipped: nodes\[0\]\.anchors\[0\]: anchor exact text does not match/
		);
		expect(out).toMatch(/wrong-format\.json skipped: format: expected "warrant-map"/);
		expect(out).toMatch(/Bad_Name\.json skipped: file name "Bad_Name" is not a valid map id/);
		expect(out).not.toMatch(/ignored\.txt/);
		expect(await listedIds(server)).toEqual(['sample-sunday-libraries', 'second-good']);
		expect((await getJson(server, '/api/maps/second-good')).body).toMatchObject({
			meta: { title: 'Second' }
		});
	});

	it('never imports a file again once its map is in storage', async () => {
		const mapsDir = sampleMapsDir();
		const dataDir = tempDir();
		const first = await start({ mapsDir, dataDir });
		expect(first.output()).toMatch(/imported map files: sample-sunday-libraries/);
		await first.stop();
		servers.splice(0);
		// The file changes on disk; storage keeps the map as it was (edits would otherwise be lost).
		const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
		writeFileSync(
			join(mapsDir, `${SAMPLE_ID}.json`),
			JSON.stringify({ ...sample, meta: { ...sample.meta, title: 'Changed on disk' } })
		);
		const second = await start({ mapsDir, dataDir });
		expect(second.output()).not.toMatch(/imported map files/);
		expect((await getJson(second, `/api/maps/${SAMPLE_ID}`)).body).toMatchObject({
			meta: { title: sample.meta.title }
		});
	});

	it('starts with a maps dir that does not exist', async () => {
		const server = await start({ mapsDir: join(tempDir(), 'missing') });
		expect(await listedIds(server)).toEqual([]);
	});
});
