/**
 * Editor grants: how the people editing an open map keep editing once it is protected, without a
 * link being passed round in the middle of a class.
 *
 * When a map becomes protected, the server (never a client) takes the participant keys of the
 * editor connections open on it at that moment (`participant` parameter, see `rooms/client-ids.ts`)
 * and stores their SHA-256 digests in the share record, atomically with the new tokens. From then on
 * a request or connection presenting one of those keys is admitted as an editor. The set is fixed at
 * protect time: a key cannot be added later (no client can claim admission), and replacing the links
 * clears it. Only digests are stored, so a copy of the database does not hand out the keys.
 */
import { createHash } from 'node:crypto';

/** The shape every participant key has (the websocket and the HTTP API refuse anything else). */
export const PARTICIPANT_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export const isParticipantKey = (value: string): boolean => PARTICIPANT_PATTERN.test(value);

export const grantDigest = (participant: string): string =>
	createHash('sha256').update(`warrant-grant:${participant}`, 'utf8').digest('base64url');

/** Whether `participant` was granted editing by a share record's grants. */
export function isGranted(grants: readonly string[], participant: string | null): boolean {
	if (participant === null || !isParticipantKey(participant) || grants.length === 0) return false;
	return grants.includes(grantDigest(participant));
}
