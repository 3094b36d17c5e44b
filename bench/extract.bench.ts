/**
 * Reading benchmarks (`npm run bench -- extract`, after `npm run build`): the time `POST /api/extract`
 * takes on the built server for a 30-page PDF (printed by Chromium), a 5,000-word web page (with a
 * site's menus and scripts) and a 30-page Word file (written by the `docx` library), all made from
 * the seed essay by tests/fixtures/readings.ts, as a client gets it (upload, reading in the worker,
 * JSON answer). Per file: the first request to a freshly started server (a cold worker: thread start,
 * readers loaded and compiled), then the median of later ones (the worker kept warm), and beside it
 * the same reader called in this process, warm, as a ratio. A one-paragraph page shows the fixed
 * cost of a request.
 */
import { readDocx } from '../src/server/extract/docx';
import { readHtml } from '../src/server/extract/html';
import { readPdf } from '../src/server/extract/pdf';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer } from '../tests/helpers/server';
import { essayDocx, essayHtml, essayPdf, essayParts, loadEssay } from '../tests/fixtures/readings';

const RUNS = 5;

async function timed(fn: () => Promise<unknown>): Promise<number> {
	const t = performance.now();
	await fn();
	return performance.now() - t;
}

async function median(fn: () => Promise<unknown>): Promise<number> {
	await fn(); // warm-up
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		await fn();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

const words = (texts: string[]) => texts.join(' ').split(/\s+/).filter(Boolean).length;

const essay = loadEssay();
const browser = await launchBrowser();

try {
	// The essay prints on 6 pages: its body 6 times, the first 30 pages printed.
	const pdf = await essayPdf(browser, essayHtml(essay, { repeat: 6 }), '1-30');
	const pdfPages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
	// 5,000 words: the essay's body about twice, with the site's menus, ads and scripts around it.
	const htmlRepeat = Math.ceil(5000 / words(essayParts(essay).body));
	const html = essayHtml(essay, { repeat: htmlRepeat, siteChrome: true });
	const docxRepeat = 5;
	const docx = await essayDocx(essay, docxRepeat);
	const tiny =
		'<!doctype html><html><body><article><p>One short paragraph.</p></article></body></html>';

	const cases = [
		{
			label: `PDF, ${pdfPages} pages (${(pdf.length / 1024).toFixed(0)} KiB)`,
			type: 'application/pdf',
			body: pdf,
			read: () => readPdf(new Uint8Array(pdf))
		},
		{
			label: `web page, ${words(essayParts(essay, htmlRepeat).body).toLocaleString('en-US')} words (${(html.length / 1024).toFixed(0)} KiB)`,
			type: 'text/html',
			body: Buffer.from(html),
			read: async () => readHtml(new Uint8Array(Buffer.from(html)))
		},
		{
			label: `Word file, ${words(essayParts(essay, docxRepeat).body).toLocaleString('en-US')} words, about 30 pages at 500 words a page (${(docx.length / 1024).toFixed(0)} KiB)`,
			type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			body: docx,
			read: () => readDocx(new Uint8Array(docx))
		},
		{
			label: "a one-paragraph page (a request's fixed cost)",
			type: 'text/html',
			body: Buffer.from(tiny),
			read: async () => readHtml(new Uint8Array(Buffer.from(tiny)))
		}
	];
	for (const { label, type, body, read } of cases) {
		const server = await startServer();
		let paragraphs = 0;
		const post = async () => {
			const res = await fetch(`${server.url}/api/extract`, {
				method: 'POST',
				headers: { 'content-type': type },
				body: new Uint8Array(body)
			});
			if (res.status !== 200) throw new Error(`${label}: ${res.status} ${await res.text()}`);
			paragraphs = ((await res.json()) as { paragraphs: string[] }).paragraphs.length;
		};
		const cold = await timed(post);
		const t = await median(post);
		await server.stop();
		const inProcess = await median(read);
		console.log(
			`extract ${label}: first request ${cold.toFixed(0)} ms, then median ${t.toFixed(0)} ms of ${RUNS} ` +
				`(${paragraphs} paragraphs); the reader alone in this process ${inProcess.toFixed(0)} ms (${(t / inProcess).toFixed(1)}×)`
		);
	}
} finally {
	await browser.close();
}
