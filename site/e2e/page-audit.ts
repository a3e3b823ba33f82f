import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/**
 * What is wrong with the page as it is now, one line each: axe-core WCAG 2.2 A/AA
 * violations in the light and the dark colour scheme, inline scripts and inline styles
 * (the CSP forbids both, so they would be broken, not just untidy).
 */
export async function auditPage(page: Page, label: string): Promise<string[]> {
  return [...inlineCode(await page.content(), label), ...(await axeViolations(page, label))];
}

/** axe-core WCAG 2.2 A/AA violations of the page in the light and the dark colour scheme. */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Legacy mode runs axe in the page itself; the default opens a second page per run.
    const results = await new AxeBuilder({ page })
      .setLegacyMode(true)
      .withTags(wcagTags)
      .options({ resultTypes: ['violations'] })
      .analyze();
    for (const violation of results.violations)
      for (const node of violation.nodes)
        found.push(
          `${label} (${colorScheme}) ${violation.id}: ${violation.help} — ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`,
        );
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** Inline scripts and inline styles in `html`, which the CSP would block. */
export function inlineCode(html: string, label: string): string[] {
  const found: string[] = [];
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) found.push(`${label}: inline <script>`);
  if (/<style[\s>]|\sstyle="/i.test(html)) found.push(`${label}: inline style`);
  return found;
}
