/**
 * Runs `bench/maps-poller.ts` in a child process against a server; `stop()` ends it and resolves
 * with its latencies. The child is killed if it has not reported within 30 s of the stop, so a
 * stuck poller can never keep the bench alive.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface PollerResult {
	latencies: number[];
	failures: number;
}

export function startMapsPoller(
	url: string,
	pauseMs: number
): { stop: () => Promise<PollerResult> } {
	const child = fork(join(import.meta.dirname, 'maps-poller.ts'), [url, String(pauseMs)], {
		execArgv: ['--import', 'tsx']
	});
	const result = new Promise<PollerResult>((resolve, reject) => {
		child.once('message', (m) => resolve(m as PollerResult));
		child.once('exit', (code) =>
			reject(new Error(`maps poller exited with ${code} before reporting`))
		);
	});
	result.catch(() => {});
	return {
		stop: async () => {
			child.send('stop');
			const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
			try {
				return await result;
			} finally {
				clearTimeout(killer);
			}
		}
	};
}
