// npm run bench:resilience — replays every finding of the resilience review (issue 13)
// against the real server and CLI and prints held or BROKEN for each (exit 1 if any broke).
// The findings live per area in scripts/replay/*.ts (`export const findings`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Finding, replayFindings } from './replay/finding.ts';

async function main(): Promise<void> {
  const folder = join(import.meta.dirname, 'replay');
  const only = process.argv.slice(2);
  const findings: Finding[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.ts') || name === 'finding.ts') continue;
    const area = name.slice(0, -3);
    if (only.length && !only.includes(area)) continue;
    const module = (await import(pathToFileURL(join(folder, name)).href)) as {
      findings?: Finding[];
    };
    // Helpers beside the areas (serve-once.ts) export no findings.
    findings.push(...(module.findings ?? []));
  }
  await replayFindings(findings);
}

await main();
