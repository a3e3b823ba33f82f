import { configDefaults, defineConfig } from 'vitest/config';

/** Every test file of the repository. */
const allTests = ['engine/**/*.test.ts', 'scripts/**/*.test.ts', 'site/**/*.test.ts'];

/**
 * Tests that leave the process or take long: they run the attest CLI as a child process,
 * build the site with Astro, drive a browser, or load-test and wait out retry timers. They run
 * in the full suite (`npm test`) only; everything else is the fast lane (`npm run test:unit`).
 */
const integrationTests = [
  'scripts/cli/**/*.test.ts',
  'site/e2e/**/*.test.ts',
  'engine/server/site-pages.test.ts',
  'engine/server/declared-statements.test.ts',
  'engine/server/api/load.test.ts',
  'engine/server/api/mail.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: allTests,
          exclude: [...configDefaults.exclude, ...integrationTests],
        },
      },
      { extends: true, test: { name: 'integration', include: integrationTests } },
    ],
  },
});
