import { printTable } from '../cli/print-table.ts';

/**
 * A finding of a review, replayed against the real product by `npm run bench:resilience`:
 * what must hold, and a replay that says whether it held and what it saw. Each area of the
 * review keeps its findings in `scripts/replay/<area>.ts` as `export const findings`.
 */
export interface Finding {
  /** The finding's number or name in the issue, e.g. `1` or `totp`. */
  id: string;
  /** What must hold, in a few words. */
  what: string;
  replay: () => Promise<{ held: boolean; saw: string }>;
}

/**
 * Replays `findings` one after another and prints a table of held / BROKEN with what each
 * saw; a replay that throws counts as broken. Sets the exit code to 1 if any broke.
 */
export async function replayFindings(findings: readonly Finding[]): Promise<void> {
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
