// @ts-check
// The process `buildSite` (site-build.ts) starts for one static build of the site, in the
// project root: `node site-build-process.mjs OUT_DIR`, with the site's data as JSON on stdin.
import { text } from 'node:stream/consumers';
import { astroBuild } from './astro-build.mjs';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: site-build-process.mjs OUT_DIR (SiteData as JSON on stdin)');
await astroBuild({ root: process.cwd(), outDir, data: JSON.parse(await text(process.stdin)) });
