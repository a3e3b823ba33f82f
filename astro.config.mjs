// @ts-check
import { defineConfig } from 'astro/config';

// The trust site is rendered statically from one organisation (ATTEST_DIR) and served by
// `attest serve`. Stylesheets and scripts are always files (never inlined, whatever their
// size) so the CSP can forbid inline styles and scripts.
export default defineConfig({
  srcDir: './site',
  outDir: './dist/site',
  output: 'static',
  build: { inlineStylesheets: 'never', format: 'directory' },
  devToolbar: { enabled: false },
  vite: { build: { assetsInlineLimit: 0 } },
});
