import { text } from 'node:stream/consumers';
import type { SiteData } from '../render/site-data.ts';
import { astroBuild } from './site-build.ts';

// The process `buildSite` starts for one static build of the site, in the project root:
// `node --import tsx site-build-process.ts OUT_DIR`, with the site's data as JSON on stdin.
const outDir = process.argv[2];
if (!outDir) throw new Error('usage: site-build-process.ts OUT_DIR (SiteData as JSON on stdin)');
await astroBuild(outDir, JSON.parse(await text(process.stdin)) as SiteData);
