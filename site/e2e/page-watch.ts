import type { Page } from 'playwright-core';

/** What a page did while a test drove it. */
export interface PageWatch {
  /**
   * Everything a reader or the CSP would notice going wrong, one line each: console errors,
   * uncaught exceptions, failed requests, HTTP errors, requests to any other origin and
   * dialogs (which are dismissed).
   */
  readonly problems: string[];
  /** Every URL the page requested, in order. */
  readonly requests: string[];
}

/**
 * Starts recording what `page` does. Call before the first navigation; `origin` is the only
 * origin the page may talk to (`data:` URLs never leave the browser and are allowed).
 */
export function watchPage(page: Page, origin: string): PageWatch {
  const problems: string[] = [];
  const requests: string[] = [];
  const where = () => new URL(page.url()).pathname;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${where()}: ${message.text()}`);
  });
  page.on('pageerror', (error) =>
    problems.push(`uncaught exception on ${where()}: ${error.message}`),
  );
  page.on('dialog', (dialog) => {
    problems.push(`${dialog.type()} dialog on ${where()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    requests.push(url);
    if (!isLocal(url, origin)) problems.push(`request to another origin from ${where()}: ${url}`);
  });
  page.on('requestfailed', (request) =>
    problems.push(
      `request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`,
    ),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`HTTP ${response.status()} for ${response.url()} (from ${where()})`);
  });
  return { problems, requests };
}

function isLocal(url: string, origin: string): boolean {
  return url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:');
}
