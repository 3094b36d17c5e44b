/**
 * Bounds what unfinished messages can pin. `ws` already counts the fragments of one message
 * against `maxPayload` as their headers arrive, but a message that never gets its final fragment
 * (or a single large frame sent byte by byte) stays buffered for as long as the socket lives, and
 * such sockets still answer pings: 40 of them held 318 MB. So:
 * - a message must be completed within `incompleteMessageMs` of its first byte, or its connection
 *   is dropped (`incomplete-message`);
 * - the bytes announced for unfinished messages across the process may not pass
 *   `maxIncompleteBytes`: past it, the connection holding the most is dropped.
 * Dropped means terminated (no closing handshake): a close frame would wait behind the unfinished
 * message, and the point is to free its memory now.
 *
 * `ws` does not expose a message in progress; the receiver's running payload total
 * (`_totalPayloadLength`, ws 8.x; bytes of the message so far, including the frame being read) is
 * read after each chunk the socket delivers. `attach` returns false when that field is missing (a
 * changed ws), and tests/integration/limits.test.ts fails.
 */
import type { WebSocket } from 'ws';

interface Internals {
	_socket?: NodeJS.EventEmitter;
	_receiver?: { _totalPayloadLength?: number };
}

interface Holder {
	bytes: number;
	since: number;
	drop: (why: string) => void;
}

export interface IncompleteLimits {
	incompleteMessageMs: number;
	maxIncompleteBytes: number;
}

export class IncompleteMessages {
	private readonly holders = new Map<WebSocket, Holder>();
	private total = 0;
	private readonly timer: NodeJS.Timeout;

	constructor(private readonly limits: IncompleteLimits) {
		this.timer = setInterval(
			() => this.sweep(),
			Math.max(100, Math.min(1000, limits.incompleteMessageMs / 4))
		);
		this.timer.unref();
	}

	get bufferedBytes(): number {
		return this.total;
	}

	/** Watches `ws`; `drop` terminates it. False when ws's internals are not as expected. */
	attach(ws: WebSocket, drop: (why: string) => void): boolean {
		const internals = ws as unknown as Internals;
		const socket = internals._socket;
		const receiver = internals._receiver;
		if (!socket || !receiver || typeof receiver._totalPayloadLength !== 'number') return false;
		const onData = () => this.observe(ws, receiver._totalPayloadLength ?? 0, drop);
		// A completed message restarts the clock: back-to-back messages are not one slow message.
		const onMessage = () => {
			const holder = this.holders.get(ws);
			if (holder) holder.since = Date.now();
		};
		socket.on('data', onData);
		ws.on('message', onMessage);
		ws.once('close', () => {
			socket.off('data', onData);
			ws.off('message', onMessage);
			this.forget(ws);
		});
		return true;
	}

	private observe(ws: WebSocket, bytes: number, drop: (why: string) => void): void {
		const holder = this.holders.get(ws);
		if (bytes === 0) {
			this.forget(ws);
			return;
		}
		if (holder) {
			this.total += bytes - holder.bytes;
			holder.bytes = bytes;
		} else {
			this.holders.set(ws, { bytes, since: Date.now(), drop });
			this.total += bytes;
		}
		while (this.total > this.limits.maxIncompleteBytes && this.holders.size > 0) {
			let largest: [WebSocket, Holder] | null = null;
			for (const entry of this.holders)
				if (!largest || entry[1].bytes > largest[1].bytes) largest = entry;
			const [victim, h] = largest!;
			this.forget(victim);
			h.drop(
				`unfinished messages across the server passed ${this.limits.maxIncompleteBytes} bytes; this one held ${h.bytes}`
			);
		}
	}

	private forget(ws: WebSocket): void {
		const holder = this.holders.get(ws);
		if (!holder) return;
		this.total -= holder.bytes;
		this.holders.delete(ws);
	}

	private sweep(): void {
		const deadline = Date.now() - this.limits.incompleteMessageMs;
		for (const [ws, holder] of [...this.holders])
			if (holder.since <= deadline) {
				this.forget(ws);
				holder.drop(
					`a message of ${holder.bytes} bytes was not finished within ${this.limits.incompleteMessageMs} ms`
				);
			}
	}

	close(): void {
		clearInterval(this.timer);
	}
}
