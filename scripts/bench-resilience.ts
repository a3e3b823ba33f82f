// npm run bench:resilience — replays every finding of the resilience review (issue 13)
// against the real server and CLI and prints held or BROKEN for each (exit 1 if any broke).
// The findings live per area in scripts/replay/*.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printTable } from './print-table.ts';
import type { Finding } from './replay/finding.ts';

async function main(): Promise<void> {
  const folder = join(import.meta.dirname, 'replay');
  const only = process.argv.slice(2);
  const findings: Finding[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.ts') || name === 'finding.ts') continue;
    const area = name.slice(0, -3);
    if (only.length && !only.includes(area)) continue;
    const module = (await import(pathToFileURL(join(folder, name)).href)) as {
      findings: Finding[];
    };
    findings.push(...module.findings);
  }
  const rows = [['finding', 'what must hold', 'result', 'what happened']];
  let broken = 0;
  for (const finding of findings) {
    process.stderr.write(`replaying ${finding.id}…\n`);
    const outcome = await finding.replay().catch((error: Error) => ({
      held: false,
      saw: `replay failed: ${error.message.split('\n')[0]}`,
    }));
    if (!outcome.held) broken += 1;
    rows.push([finding.id, finding.what, outcome.held ? 'held' : 'BROKEN', outcome.saw]);
  }
  printTable(rows);
  console.log(`\n${findings.length - broken} of ${findings.length} held.`);
  process.exitCode = broken ? 1 : 0;
}

await main();
