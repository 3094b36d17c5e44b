/**
 * Share tokens: 24 random bytes as base64url (32 characters, 192 bits), so they cannot be guessed
 * or enumerated. Compared in constant time (over their SHA-256 digests, which have equal lengths
 * whatever was presented) so that response timing says nothing about how much of a token matched.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_BYTES = 24;

/** The shape every token has; anything else is refused before it is compared. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export const newToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');

export const isTokenShaped = (value: string): boolean => TOKEN_PATTERN.test(value);

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export const sameToken = (presented: string, stored: string): boolean =>
	timingSafeEqual(digest(presented), digest(stored));
