// @ts-check
import { defineConfig } from 'astro/config';

// The trust site is rendered statically from one organisation (ATTEST_DIR) and served by
// `attest serve`. Stylesheets are always files so the CSP can forbid inline styles.
export default defineConfig({
  srcDir: './site',
  outDir: './dist/site',
  output: 'static',
  build: { inlineStylesheets: 'never', format: 'directory' },
  devToolbar: { enabled: false },
});
