// axe-core in a real Chromium page, for the console tests: the WCAG 2.2 AA rule set the issue names.
// Pages run under a strict CSP that refuses injected scripts, so the browser context that runs axe
// is opened with bypassCSP (consoleBrowserContext); the pages themselves never need script.
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

export function consoleBrowserContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, locale: options.locale ?? 'en-GB' });
}

/** The page's axe violations under AXE_TAGS (an empty list is a pass). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  return page.evaluate(
    async (tags) => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
    },
    [...AXE_TAGS],
  );
}

/** Readable in a failed expectation: rule, help and the first nodes. */
export const describeViolations = (violations: AxeViolation[]) =>
  violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
