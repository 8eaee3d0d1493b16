import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * axe-core in the e2e suite. Plain `axe-core` (the Playwright wrapper needs Node 22):
 * `axe.run` in the page, then every serious or critical violation listed by rule, element and
 * summary so a failure says what to fix and where. The script is evaluated through the
 * DevTools protocol rather than added as a <script> tag: the pages' Content-Security-Policy
 * allows only their own hashed scripts, and the suite fails on any reported violation.
 */

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One violation as the failure message shows it. */
export interface AxeFinding {
	readonly id: string;
	readonly impact: string;
	readonly help: string;
	readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

interface AxeWindow {
	axe?: {
		run(
			context: Element | Document,
			options: object
		): Promise<{
			violations: {
				id: string;
				impact?: string | null;
				help: string;
				nodes: { target: unknown[]; failureSummary?: string }[];
			}[];
		}>;
	};
}

/** Serious and critical axe violations on the page as it stands (WCAG 2.x A/AA rules and best practices). */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
	if (!(await page.evaluate(() => 'axe' in window))) throw new Error('axe-core did not load in the page');
	return page.evaluate(async () => {
		const axe = (window as unknown as AxeWindow).axe!;
		const result = await axe.run(document, { resultTypes: ['violations'] });
		return result.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => ({
				id: v.id,
				impact: v.impact ?? '',
				help: v.help,
				nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' }))
			}));
	});
}

/** A readable list of findings: one rule per paragraph, one element per line. */
export function describeFindings(findings: readonly AxeFinding[]): string {
	return findings
		.map(
			(f) => `${f.impact} ${f.id}: ${f.help}\n` + f.nodes.map((n) => `  ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')
		)
		.join('\n\n');
}

/** Fails with the list when the page has any serious or critical violation. */
export async function expectNoSeriousViolations(page: Page, where: string) {
	const findings = await seriousViolations(page);
	expect.soft(findings, `axe on ${where}:\n${describeFindings(findings)}`).toEqual([]);
}
