/**
 * A process that polls `GET /api/maps` and reports the latencies (forked by `bench/maps-poller-run.ts`
 * for the hardening bench and the soak; not run alone). It runs apart from the process sending the
 * hostile frames so that the attacker's own work (forging, encoding) never delays a request's
 * timing: the figure is the server's latency, on a machine whose cores the processes share.
 *
 * argv: the server's base URL and the pause between requests in ms. On the message 'stop' it
 * finishes the request under way, sends `{ latencies, failures }` and exits.
 */
const [url, pauseArg] = process.argv.slice(2);
const pause = Number(pauseArg ?? 25);
const latencies: number[] = [];
let failures = 0;
let polling = true;

process.on('message', (message) => {
	if (message === 'stop') polling = false;
});

async function poll(): Promise<void> {
	while (polling) {
		const t = performance.now();
		try {
			await (await fetch(`${url}/api/maps`)).arrayBuffer();
			latencies.push(performance.now() - t);
		} catch {
			failures++; // the caller counts a dead server as a crash; this only reports it
		}
		await new Promise((r) => setTimeout(r, pause));
	}
	process.send!({ latencies, failures }, () => process.disconnect());
}

void poll();
