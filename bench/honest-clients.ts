/**
 * A process of the hostile mix's three honest stock y-websocket clients (forked by
 * `bench/honest-clients-run.ts` for the soak; not run alone). Apart from the attacker's process, the
 * attacker's forging and sending never delays their receiving, applying and answering, so their
 * disconnects and agreement are the server's doing, as with real users on other machines.
 *
 * Messages in: `{ type: 'start', wsUrl, mapId }`, `{ type: 'edit', index, n, choices }`,
 * `{ type: 'finish' }`, `{ type: 'stop' }`. Out: `{ type: 'ready', clientIds }`,
 * `{ type: 'report', report }`, `{ type: 'error', message }`.
 */
import {
	honestEdit,
	honestReport,
	startHonestClients,
	type HonestClient
} from '../tests/helpers/hostile-mix';

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(50);

type In =
	| { type: 'start'; wsUrl: string; mapId: string }
	| { type: 'edit'; index: number; n: number; choices: number[] }
	| { type: 'finish' }
	| { type: 'stop' };

let clients: HonestClient[] = [];
const say = (message: unknown) => process.send!(message);

process.on('message', (message: In) => {
	switch (message.type) {
		case 'start':
			startHonestClients({ wsUrl: message.wsUrl }, message.mapId)
				.then((started) => {
					clients = started;
					say({ type: 'ready', clientIds: clients.map((c) => c.doc.clientID) });
				})
				.catch((err) => say({ type: 'error', message: String(err) }));
			return;
		case 'edit':
			honestEdit(clients[message.index], message.choices, message.n);
			return;
		case 'finish':
			honestReport(clients)
				.then((report) => say({ type: 'report', report }))
				.catch((err) => say({ type: 'error', message: String(err) }));
			return;
		case 'stop':
			for (const c of clients) c.destroy();
			process.disconnect();
			return;
	}
});
