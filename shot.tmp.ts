// Temporary (not committed): screenshots of the editor page of a built checkout.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from './tests/helpers/browser';
const [dir, out, port] = process.argv.slice(2);
const child = spawn(process.execPath, ['dist/server.js'], {
	cwd: resolve(dir),
	env: { ...process.env, PORT: port, DATA_DIR: mkdtempSync(join(tmpdir(), 'shot-')) },
	stdio: ['ignore', 'pipe', 'inherit']
});
await new Promise<void>((ok) => child.stdout!.on('data', (d) => String(d).includes('listening') && ok()));
const browser = await launchBrowser();
try {
	for (const [w, h] of [[1440, 900], [390, 844]]) {
		const ctx = await browser.newContext({ viewport: { width: w, height: h } });
		const page = await ctx.newPage();
		await page.goto(`http://127.0.0.1:${port}/map/china-digging-in`);
		await page.waitForFunction(() => document.body.dataset.highlightsReady === 'true', null, { timeout: 30000 });
		await page.waitForTimeout(500);
		await page.screenshot({ path: `${out}-${w}.png` });
		await ctx.close();
	}
} finally {
	await browser.close();
	child.kill('SIGTERM');
}
