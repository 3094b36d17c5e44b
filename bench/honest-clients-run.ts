/**
 * The hostile mix's honest side (`HonestSide`, tests/helpers/hostile-mix.ts) run in a child process
 * of its own (`bench/honest-clients.ts`). The child is killed if it has not exited within 10 s of
 * `close()`, so it can never keep the soak alive.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { HonestReport, HonestSide } from '../tests/helpers/hostile-mix';

export function childProcessHonest(wsUrl: string, mapId: string): HonestSide {
	const child = fork(join(import.meta.dirname, 'honest-clients.ts'), [], {
		execArgv: ['--import', 'tsx']
	});
	const exited = new Promise<void>((res) => child.once('exit', () => res()));
	/** The next message of `type` from the child; rejects on an error message or its exit. */
	const next = <T>(type: string, pick: (m: Record<string, unknown>) => T): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const onMessage = (m: Record<string, unknown>) => {
				if (m.type === type) resolve(pick(m));
				else if (m.type === 'error') reject(new Error(`honest clients: ${String(m.message)}`));
				else return;
				child.off('message', onMessage);
			};
			child.on('message', onMessage);
			void exited.then(() => reject(new Error('the honest clients process exited')));
		});
	return {
		ready: () => {
			const ready = next('ready', (m) => m.clientIds as number[]);
			child.send({ type: 'start', wsUrl, mapId });
			return ready;
		},
		edit: (index, n, choices) => child.send({ type: 'edit', index, n, choices }),
		finish: () => {
			const report = next('report', (m) => m.report as HonestReport);
			child.send({ type: 'finish' });
			return report;
		},
		close: async () => {
			if (child.connected) child.send({ type: 'stop' });
			const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(killer);
		}
	};
}
