/**
 * Launches Debian's Chromium through playwright-core. A missing browser is an error, never a skip:
 * `.ci/run` installs it, and a developer installs it with `apt-get install -y chromium`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH))
		throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
