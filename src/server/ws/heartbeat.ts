/**
 * Keeps connections honest and alive: every period, a socket that did not answer the previous ping
 * is terminated, every other one is pinged, and one that was sent nothing for a period gets a
 * keep-alive frame (the stock client closes after 30 s without a message, so the period must stay
 * at most 15 s).
 */
import { KEEPALIVE_FRAME } from '../protocol/encode';
import type { Connection } from './connection';

export function startHeartbeat(connections: ReadonlySet<Connection>, periodMs: number): () => void {
	const timer = setInterval(() => {
		const now = Date.now();
		for (const conn of connections) {
			if (!conn.alive) {
				conn.terminate();
				continue;
			}
			conn.ping();
			if (now - conn.lastSentAt >= periodMs) conn.send(KEEPALIVE_FRAME);
		}
	}, periodMs);
	timer.unref();
	return () => clearInterval(timer);
}
