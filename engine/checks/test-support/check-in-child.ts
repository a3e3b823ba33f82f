import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CheckEvidence } from '../../schema/index.ts';
import type { CheckModule, CheckOutcome } from '../types.ts';
import { testContext } from './context.ts';

interface ChildRequest {
  evidence: CheckEvidence;
  target: string;
  extraCa: string[];
  timeoutMs: number;
}

/** What the child reports: the outcome, or the message of the error the module threw. */
export type ChildResult = { outcome: CheckOutcome } | { thrown: string };

/**
 * Runs one check in a fresh Node process with extra environment variables, for behaviour
 * that is fixed at process start (e.g. an `OPENSSL_CONF` that forbids old TLS versions).
 */
export function runCheckInChild(
  request: ChildRequest,
  env: Record<string, string>,
): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, JSON.stringify(request)],
      { env: { ...process.env, ...env }, timeout: 15_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`child check failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as ChildResult);
      },
    );
  });
}

async function main(raw: string): Promise<void> {
  const request = JSON.parse(raw) as ChildRequest;
  const exports = (await import(`../${request.evidence.check}/run.ts`)) as Record<string, unknown>;
  const module = Object.values(exports).find(
    (value): value is CheckModule =>
      typeof value === 'object' &&
      value !== null &&
      (value as CheckModule).type === request.evidence.check,
  );
  if (!module) throw new Error(`no check module for ${request.evidence.check}`);
  const context = testContext(request.target, {
    extraCa: request.extraCa,
    timeoutMs: request.timeoutMs,
  });
  let result: ChildResult;
  try {
    result = { outcome: await module.run(request.evidence as never, context) };
  } catch (error) {
    result = { thrown: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(JSON.stringify(result));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href && process.argv[2]) {
  await main(process.argv[2]);
}
