/**
 * Accessibility checks in end-to-end tests: axe-core (a pinned dev dependency) injected into a
 * page and run there, on the whole page or on one part of it. Any e2e test may use it:
 *
 *   expect(describeViolations(await axeViolations(page))).toEqual([]);
 *
 * Runs axe's default rule set (WCAG 2.x A and AA, and its best practices). A violation is reported
 * with its rule, impact, help text and the selectors of up to five offending elements, so a failing
 * assertion says what to fix.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/** The part of axe's API used here (`window.axe` once injected). */
interface AxeRunner {
	run(
		context: Element | Document,
		options: { resultTypes: string[] }
	): Promise<{
		violations: Array<{
			id: string;
			impact?: string | null;
			help: string;
			nodes: Array<{ target: string[] }>;
		}>;
	}>;
}

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	/** CSS selectors of the elements that break the rule (at most five). */
	targets: string[];
}

/**
 * Runs axe in `page` (injecting it on first use) over `within` (a CSS selector; the whole document
 * by default) and returns what it found to violate.
 */
export async function axeViolations(page: Page, within?: string): Promise<AxeViolation[]> {
	const loaded = await page.evaluate(() => 'axe' in window);
	if (!loaded) await page.evaluate(AXE_SOURCE);
	return page.evaluate(async (sel) => {
		const axe = (window as unknown as { axe: AxeRunner }).axe;
		const context = sel ? document.querySelector(sel) : document;
		if (!context) throw new Error(`axe: nothing matches ${sel}`);
		const result = await axe.run(context, { resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact ?? null,
			help: v.help,
			targets: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
		}));
	}, within ?? null);
}

/** One line per violation, for an assertion that shows what is wrong: `rule (impact): help — targets`. */
export function describeViolations(violations: AxeViolation[]): string[] {
	return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}
