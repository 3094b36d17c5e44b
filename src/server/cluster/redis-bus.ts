/**
 * The bus on Redis pub/sub (ioredis): one connection publishes, one subscribes (a subscribed Redis
 * connection can do nothing else). Channels: `warrant:map:<id>` per loaded map (a process subscribes
 * only to the maps it has loaded) and `warrant:shares`.
 *
 * Publishing never waits and never queues: with Redis away, a message is dropped at once (the
 * offline queue is off) rather than piling up in memory; receivers catch up from PostgreSQL by seq.
 * ioredis reconnects by itself and subscribes to the same channels again; each reconnect after the
 * first tells `onReconnect` listeners, which catch up at once.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CauseLogger } from '../log';
import {
	MESSAGE_AWARENESS,
	MESSAGE_SHARE,
	MESSAGE_UPDATE,
	decodeBusMessage,
	encodeBusMessage,
	type Bus,
	type MapSubscriber
} from './bus';

const MAP_CHANNEL = 'warrant:map:';
const SHARES_CHANNEL = 'warrant:shares';

/** A share message's payload: `{ mapId, by }` as JSON; null when it is anything else. */
function parseShareChange(text: string): { mapId: string; by: string | null } | null {
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value !== 'object' || value === null) return null;
		const { mapId, by } = value as { mapId?: unknown; by?: unknown };
		if (typeof mapId !== 'string') return null;
		return { mapId, by: typeof by === 'string' ? by : null };
	} catch {
		return null;
	}
}

export function isRedisUrl(url: string): boolean {
	return /^rediss?:\/\//.test(url);
}

/** Connects both connections; rejects (closing them) when Redis cannot be reached at start. */
export async function connectRedisBus(url: string, problems: CauseLogger): Promise<Bus> {
	if (!isRedisUrl(url)) throw new Error('REDIS_URL must start with redis:// or rediss://');
	const options = {
		lazyConnect: true,
		// Reconnect soon after Redis comes back; at most every 2 s.
		retryStrategy: (times: number) => Math.min(50 * times, 2000)
	};
	const pub = new Redis(url, { ...options, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
	const sub = new Redis(url, { ...options, maxRetriesPerRequest: null });
	const report = (which: string) => (err: Error) =>
		problems.report('redis', `${which} connection: ${err.message}`);
	pub.on('error', report('publish'));
	sub.on('error', report('subscribe'));
	try {
		await Promise.all([pub.connect(), sub.connect()]);
	} catch (err) {
		pub.disconnect();
		sub.disconnect();
		throw new Error(`REDIS_URL: cannot connect to Redis: ${String(err)}`, { cause: err });
	}

	const sender = randomBytes(8);
	const self = sender.toString('hex');
	const maps = new Map<string, Set<MapSubscriber>>();
	const shareListeners = new Set<(mapId: string, by: string | null) => void>();
	const reconnectListeners = new Set<() => void>();

	await sub.subscribe(SHARES_CHANNEL);
	sub.on('messageBuffer', (channelBytes: Buffer, message: Buffer) => {
		const channel = channelBytes.toString();
		const decoded = decodeBusMessage(message);
		if (!decoded || decoded.sender === self) return;
		try {
			if (channel === SHARES_CHANNEL) {
				if (decoded.kind !== MESSAGE_SHARE) return;
				const change = parseShareChange(Buffer.from(decoded.payload).toString());
				if (!change) return;
				for (const listener of shareListeners) listener(change.mapId, change.by);
				return;
			}
			if (!channel.startsWith(MAP_CHANNEL)) return;
			const subscribers = maps.get(channel.slice(MAP_CHANNEL.length));
			if (!subscribers) return;
			for (const s of subscribers) {
				if (decoded.kind === MESSAGE_UPDATE) s.update(decoded.seq, decoded.payload);
				else if (decoded.kind === MESSAGE_AWARENESS) s.awareness(decoded.payload);
			}
		} catch (err) {
			problems.report('bus-message', `${channel}: ${String(err)}`);
		}
	});
	let readyOnce = false;
	sub.on('ready', () => {
		if (!readyOnce) {
			readyOnce = true;
			return;
		}
		for (const listener of reconnectListeners) listener();
	});
	// `connect()` above already made it ready.
	readyOnce = sub.status === 'ready';

	const publish = (channel: string, message: Buffer) => {
		pub
			.publish(channel, message)
			.catch((err: Error) => problems.report('redis-publish', err.message));
	};

	return {
		publishUpdate: (mapId, seq, update) =>
			publish(MAP_CHANNEL + mapId, encodeBusMessage(MESSAGE_UPDATE, sender, seq, update)),
		publishAwareness: (mapId, update) =>
			publish(MAP_CHANNEL + mapId, encodeBusMessage(MESSAGE_AWARENESS, sender, 0, update)),
		publishShare: (mapId, by) =>
			publish(
				SHARES_CHANNEL,
				encodeBusMessage(MESSAGE_SHARE, sender, 0, Buffer.from(JSON.stringify({ mapId, by })))
			),
		subscribeMap(mapId, subscriber) {
			let subscribers = maps.get(mapId);
			if (!subscribers) {
				maps.set(mapId, (subscribers = new Set()));
				sub.subscribe(MAP_CHANNEL + mapId).catch(report('subscribe'));
			}
			subscribers.add(subscriber);
			return () => {
				const current = maps.get(mapId);
				if (!current?.delete(subscriber) || current.size > 0) return;
				maps.delete(mapId);
				sub.unsubscribe(MAP_CHANNEL + mapId).catch(report('subscribe'));
			};
		},
		onShareChange(listener) {
			shareListeners.add(listener);
			return () => shareListeners.delete(listener);
		},
		onReconnect(listener) {
			reconnectListeners.add(listener);
			return () => reconnectListeners.delete(listener);
		},
		async close() {
			maps.clear();
			pub.disconnect();
			sub.disconnect();
		}
	};
}
