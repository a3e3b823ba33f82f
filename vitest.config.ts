import { configDefaults, defineConfig } from 'vitest/config';

/** Every test file of the repository. */
const allTests = ['engine/**/*.test.ts', 'scripts/**/*.test.ts', 'site/**/*.test.ts'];

/**
 * Tests that leave the process or take long: the attest CLI run as a child process, Astro
 * builds, the browser, a load test, every check type against live local servers (the
 * contract suite), the mail queue's retry timing, PostgreSQL booted in WASM, the store suite on a real
 * PostgreSQL server, thousands of
 * fuzzed inputs, every repository document rendered as a PDF, the questionnaire corpora
 * (real buyer workbooks, the answer test and evaluation sets, the generated fixtures). They
 * run in the full suite (`npm test`) only; every other test is the fast lane
 * (`npm run test:unit`), which stays under a minute on two cores.
 */
const slowTests = [
  'scripts/cli/**/*.test.ts',
  'site/e2e/**/*.test.ts',
  'engine/server/site-pages.test.ts',
  'engine/server/declared-statements.test.ts',
  'engine/server/api/load.test.ts',
  'engine/server/api/mail.test.ts',
  'engine/verify/verify.test.ts',
  'engine/server/admin/sso-routes.test.ts',
  'engine/checks/postgres/run.test.ts',
  'engine/store/postgres-store.test.ts',
  'engine/server/postgres-flows.test.ts',
  'engine/checks/contract.test.ts',
  'engine/load/fuzz.test.ts',
  'engine/render/documents/repository-documents.test.ts',
  'engine/render/documents/pdf-words.test.ts',
  'engine/questionnaire/real-workbooks.test.ts',
  'engine/questionnaire/testset.test.ts',
  'engine/questionnaire/evalset.test.ts',
  'scripts/questionnaire-fixtures/fixtures.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: ['site/e2e/global-setup.ts'],
    // Three at a time on two cores: many files wait on servers, browsers and timers, and
    // with two the cores sat idle for a third of the run.
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: allTests,
          exclude: [...configDefaults.exclude, ...slowTests],
        },
      },
      { extends: true, test: { name: 'slow', include: slowTests } },
    ],
  },
});
