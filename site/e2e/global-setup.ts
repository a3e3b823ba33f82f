import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One cache of built organisation sites per test run (see published-site.ts): made before
 * the test files start, so every worker inherits its path, and removed when they end.
 */
export default function setup(): () => void {
  const cache = mkdtempSync(join(tmpdir(), 'attest-e2e-cache-'));
  process.env.ATTEST_E2E_CACHE = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
