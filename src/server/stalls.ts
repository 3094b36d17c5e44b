/**
 * Measures the event loop's longest stall and names what ran during it, for the soak and bench
 * scripts (`GET /api/debug/stats`, only with WARRANT_DEBUG_STATS=1). A timer ticks every few ms;
 * a tick that comes late by more than the longest lag so far records the lag and the activities
 * (websocket messages, room tasks, HTTP requests) that started since the previous tick: one of them
 * held the loop. Off (and free) unless started.
 */
const MAX_ACTIVITIES = 6;
let watching = false;
let since: string[] = [];

/** Notes what is about to run (cheap no-op unless the watch is on). */
export function activity(label: () => string): void {
	if (watching && since.length < MAX_ACTIVITIES) since.push(label());
}

export interface Stall {
	ms: number;
	cause: string;
}

export function startStallWatch(periodMs = 5): { longest(reset?: boolean): Stall; stop(): void } {
	watching = true;
	let longest: Stall = { ms: 0, cause: 'none' };
	let last = performance.now();
	const timer = setInterval(() => {
		const now = performance.now();
		const lag = now - last - periodMs;
		if (lag > longest.ms)
			longest = {
				ms: Math.round(lag),
				cause: since.length ? since.join(' + ') : 'nothing we started (GC?)'
			};
		since = [];
		last = now;
	}, periodMs);
	timer.unref();
	return {
		longest: (reset = false) => {
			const current = longest;
			if (reset) longest = { ms: 0, cause: 'none' };
			return current;
		},
		stop: () => {
			clearInterval(timer);
			watching = false;
		}
	};
}
