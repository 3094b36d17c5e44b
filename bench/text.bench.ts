/**
 * Text intake timings on the seed essay (tests/fixtures/text holds a copy of the shared seed):
 * segmentation of the map's source text, and the whole of `buildSource` on the seed as handed over
 * (normalisation, duplicate-body detection, segmentation), and the largest accepted text on one
 * line (the case `icuSegments` windows exist for). Median of RUNS after WARMUP runs.
 *
 *   npx tsx bench/text.bench.ts      (or `npm run bench -- text`)
 */
import { performance } from 'node:perf_hooks';
import { readEssaySeed } from '../tests/fixtures/text/essay';
import { buildSource, MAX_SOURCE_CHARS } from '../src/lib/text/source';
import { segmentSentences } from '../src/lib/text/segment';
import { essayText } from '../scripts/essay/seed';

const WARMUP = 5;
const RUNS = 51;

function median(fn: () => void, runs = RUNS): number {
	for (let i = 0; i < WARMUP; i++) fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

const seed = readEssaySeed();
const intake = buildSource({ title: 'Essay', text: seed });
if (!intake.ok) throw new Error(intake.error);
const text = essayText(intake.source.text);

const sentences = segmentSentences(text, 'en').length;
const segment = median(() => segmentSentences(text, 'en'));
console.log(
	`segment essay: ${sentences} sentences, ${text.length} chars, median ${segment.toFixed(2)} ms (${RUNS} runs)`
);
const build = median(() => buildSource({ title: 'Essay', text: seed }));
console.log(
	`buildSource seed (${seed.length} chars, repeat dropped): median ${build.toFixed(2)} ms (${RUNS} runs)`
);

const copies = Math.floor(MAX_SOURCE_CHARS / (text.length + 1));
const largest = `${text.replace(/\n/g, ' ')} `.repeat(copies);
const big = median(() => segmentSentences(largest, 'en'), 11);
console.log(
	`segment ${largest.length} chars on one line (${copies} copies): median ${big.toFixed(0)} ms (11 runs)`
);
