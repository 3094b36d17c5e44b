/**
 * The worker pool with real worker threads (running the TypeScript jobs through tsx): results come
 * back, a job past its deadline fails without taking the pool with it, and a full queue refuses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFileSync } from 'node:fs';
import { fileToDoc, parseMapFileText } from '$lib/model/mapfile';
import { PoolBusy, PoolFailure, WorkerPool } from './pool';

const sample = (): Uint8Array => {
	const parsed = parseMapFileText(readFileSync('maps/sample-sunday-libraries.json', 'utf8'));
	if (!parsed.ok) throw new Error(parsed.error);
	return Y.encodeStateAsUpdate(fileToDoc(parsed.value));
};

describe('WorkerPool', () => {
	let pool: WorkerPool | null = null;
	afterEach(async () => {
		await pool?.close();
		pool = null;
	});

	it('runs a job in a worker and returns its result', async () => {
		pool = new WorkerPool({ size: 1, queueLimit: 4, timeoutMs: 60_000, heapMb: 256 });
		const out = await pool.run('export', { state: sample(), id: 'm', format: 'argdown' });
		expect(out.ok && out.title).toBe('Should libraries open on Sundays?');
		const preview = await pool.run('preview', { state: sample(), drawMap: false });
		expect(preview.map).toBeNull();
		expect(preview.essay?.sentences.map((s) => s.text).join(' ')).toContain('Sundays');
	});

	it('fails a job past its deadline, replaces the worker, and runs the next job', async () => {
		pool = new WorkerPool({ size: 1, queueLimit: 4, timeoutMs: 1, heapMb: 256 });
		await expect(pool.run('file', { state: sample(), id: 'm' })).rejects.toBeInstanceOf(
			PoolFailure
		);
		const slow = pool as unknown as { opts: { timeoutMs: number } };
		slow.opts.timeoutMs = 60_000;
		const file = await pool.run('file', { state: sample(), id: 'm' });
		expect(file.ok && JSON.parse(file.json).nodes.length).toBe(6);
	});

	it('refuses work beyond its queue', async () => {
		pool = new WorkerPool({ size: 1, queueLimit: 1, timeoutMs: 60_000, heapMb: 256 });
		const state = sample();
		const running = pool.run('file', { state, id: 'm' });
		const queued = pool.run('file', { state, id: 'm' });
		await expect(pool.run('file', { state, id: 'm' })).rejects.toBeInstanceOf(PoolBusy);
		await Promise.all([running, queued]);
	});
});
