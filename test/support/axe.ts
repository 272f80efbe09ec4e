// axe-core in a real page: injected from node_modules (no network), run with the WCAG 2.2 AA tags
// the pages are held to (every page test: badge, earner and console pages). A test asserts the
// violations are empty; each one reads as what to fix.
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** The page's axe violations, each as "rule: help (selector: why)", so a failure reads as a to-do list. */
export async function axeViolations(page: Page): Promise<string[]> {
  // The script goes in as an inline <script>: a page whose CSP forbids inline script (a badge page)
  // must be opened in a context made with `bypassCSP: true` (axeContext).
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(
    async (tags) => {
      // Runs in the page (no DOM types here): axe checks the whole document by default.
      const axe = (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run({ runOnly: { type: 'tag', values: tags } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
    },
    [...WCAG_TAGS],
  );
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')})`);
}

/** A browser context in which axe can be injected into pages with a strict CSP (none of the pages
 *  needs script itself); `locale` sets the Accept-Language the pages negotiate with. */
export function axeContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, ...(options.locale ? { locale: options.locale } : {}) });
}
