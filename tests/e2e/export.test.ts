/**
 * Export end to end: the real built server (dist/server.js) and Debian's Chromium. The largest map
 * in maps/ is opened in the editor, and the Export menu in the toolbar downloads PNG, SVG and PDF.
 * The downloads are checked as files (PNG size from its IHDR chunk, SVG labels as parsed XML, the
 * PDF's header and page count); the PNG is kept in test-results/export.png for a person to look at.
 * Every wait is on a condition or an event, never a sleep.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { exportFileName } from '$lib/export/filename';
import { fitScale, pixelSize } from '$lib/export/image-limits';
import { allElements, parseXml, textOf } from '$lib/drawing/testing/xml';
import { RESULTS, useEditorApp } from '$tests/e2e/fixture';
import { ROOT_DIR } from '$tests/helpers/server';
import { pdfFacts } from '$tests/helpers/pdf-facts';

const SLOW = 120_000;

/** The map in maps/ with the most nodes (the essay map once it is there). */
function largestMap(): { id: string; file: MapFile } {
	const dir = join(ROOT_DIR, 'maps');
	let best: { id: string; file: MapFile } | null = null;
	for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
		const parsed = parseMapFileText(readFileSync(join(dir, name), 'utf8'));
		if (!parsed.ok) continue;
		if (!best || parsed.value.nodes.length > best.file.nodes.length)
			best = { id: name.slice(0, -'.json'.length), file: parsed.value };
	}
	if (!best) throw new Error('no valid map in maps/');
	return best;
}

const pngSize = (bytes: Buffer) => {
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
};

const app = useEditorApp();
const { server, errors } = app;
let page: Page;
const map = largestMap();

beforeAll(async () => {
	page = await app.newPage({ acceptDownloads: true });
	await app.openMap(page, `/map/${map.id}`);
}, SLOW);

/** Opens the menu, sets it up with `choose`, exports, and returns the downloaded file. */
async function exportVia(
	choose: (dialog: Locator) => Promise<void>,
	/** Where to keep a picture of the dialog as set up, for a person to look at. */
	shot?: string
): Promise<{ name: string; bytes: Buffer; path: string; status: string }> {
	await page.getByRole('button', { name: 'Export…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Export map' });
	await dialog.waitFor();
	await choose(dialog);
	if (shot) await dialog.screenshot({ path: join(RESULTS, shot) });
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		dialog.getByRole('button', { name: 'Export', exact: true }).click()
	]);
	const path = join(RESULTS, `download-${download.suggestedFilename()}`);
	await download.saveAs(path);
	// Done: the menu closes by itself and the line beside its button says what was saved.
	await dialog.waitFor({ state: 'hidden' });
	const status = page.getByTestId('export-saved');
	await status.filter({ hasText: 'Saved' }).waitFor();
	const said = (await status.textContent()) ?? '';
	return { name: download.suggestedFilename(), bytes: readFileSync(path), path, status: said };
}

describe('the Export menu', () => {
	let svgSize: { width: number; height: number };

	it(
		'downloads an SVG that holds every node label as text',
		async () => {
			const file = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('svg');
				await d.getByLabel('Legend').check();
			});
			expect(file.name).toBe(exportFileName(map.file.meta.title, 'svg'));
			const root = parseXml(file.bytes.toString('utf8'));
			svgSize = { width: Number(root.attrs.width), height: Number(root.attrs.height) };
			const drawn = new Map(
				allElements(root)
					.filter((el) => (el.attrs.class ?? '').startsWith('node '))
					.map((el) => [el.attrs['data-id'], textOf(el)])
			);
			expect(drawn.size).toBe(map.file.nodes.length);
			const squash = (s: string) => s.replace(/\s+/g, '');
			for (const n of map.file.nodes) {
				const shown = squash(drawn.get(n.id) ?? '');
				// A label longer than seven lines ends in an ellipsis; the rest is there verbatim.
				if (shown.endsWith('…')) expect(squash(n.text).startsWith(shown.slice(0, -1))).toBe(true);
				else expect(shown).toBe(squash(n.text));
			}
			expect(allElements(root).some((el) => el.attrs.class === 'legend')).toBe(true);
		},
		SLOW
	);

	it(
		'downloads a PNG at 2x the SVG’s size and keeps it in test-results/export.png',
		async () => {
			const file = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('png');
				await d.getByLabel('Scale').selectOption('2');
			}, 'export-menu.png');
			expect(file.name).toBe(exportFileName(map.file.meta.title, 'png'));
			const size = pngSize(file.bytes);
			// The same options as the SVG above (the menu remembers them), drawn at twice the size, or
			// at the largest scale under the raster limits when that is too big, and the menu says so.
			const scale = fitScale(svgSize.width, svgSize.height, 2);
			const px = pixelSize(svgSize.width, svgSize.height, scale);
			expect(size).toEqual({ width: px.w, height: px.h });
			expect(file.status).toContain(`${px.w} x ${px.h} px at ${scale}x`);
			if (scale < 2) expect(file.status).toContain('lowered from 2x');
			const { copyFileSync } = await import('node:fs');
			copyFileSync(file.path, join(RESULTS, 'export.png'));
		},
		SLOW
	);

	it(
		'downloads a one-page vector PDF, and the current view as a cut-out SVG',
		async () => {
			const pdf = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('pdf');
				await d.getByLabel('Layout').selectOption('page');
				await d.getByLabel('Page size').selectOption('letter');
			});
			const text = pdf.bytes.toString('latin1');
			expect(text.startsWith('%PDF-')).toBe(true);
			const facts = await pdfFacts(pdf.bytes);
			expect(facts.pages).toBe(1);
			expect([facts.size.w, facts.size.h].sort((a, b) => a - b)).toEqual([612, 792]);
			for (const f of facts.fonts) expect(f.embedded).toBe(true);
			// Vector: the PDF draws paths and text, not one embedded picture.
			expect(text).not.toMatch(/\/Subtype\s*\/Image/);

			// With nothing folded, the current view is the viewport cut out of the map (folded views
			// export the nodes shown instead: export-menu.test.ts).
			const unfold = page.getByRole('button', { name: 'Unfold all' });
			if ((await unfold.count()) > 0) {
				await unfold.click();
				await unfold.waitFor({ state: 'detached' });
			}
			const view = await exportVia(async (d) => {
				await d.getByLabel('Format').selectOption('svg');
				await d.getByLabel('Current view').check();
			});
			const root = parseXml(view.bytes.toString('utf8'));
			expect(allElements(root).some((el) => el.name === 'clipPath')).toBe(true);
			expect(errors).toEqual([]);
		},
		SLOW
	);

	it(
		'the CLI reads the same map from the running server’s storage, read-only',
		async () => {
			const out = join(RESULTS, 'export-cli.svg');
			const stdout = execFileSync(
				process.execPath,
				['--import', 'tsx', 'scripts/export.ts', map.id, '--format', 'svg', '--out', out],
				{ cwd: ROOT_DIR, env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' }
			);
			expect(stdout).toContain(`from storage ${join(server.dataDir, 'warrant.sqlite')}`);
			const root = parseXml(readFileSync(out, 'utf8'));
			const nodes = allElements(root).filter((el) => (el.attrs.class ?? '').startsWith('node '));
			expect(nodes).toHaveLength(map.file.nodes.length);
			// The server kept running and serving while the CLI read its database.
			expect((await fetch(`${server.url}/api/maps`)).status).toBe(200);
		},
		SLOW
	);
});
