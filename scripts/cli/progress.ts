import type { CheckResult } from '../../engine/checks/result.ts';
import { createStyle } from './format-diagnostics.ts';

/** Check progress on stderr: a live counter on a terminal, one plain line per check elsewhere. */
export function createProgress(total: number) {
  const stream = process.stderr;
  const style = createStyle(stream);
  if (stream.isTTY) {
    const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
    return {
      onResult(result: CheckResult, done: number) {
        counts[result.status]++;
        stream.write(
          `\r\x1b[2K  checking ${done}/${total}  ${style('green', `${counts.pass} pass`)}  ${style('red', `${counts.fail} fail`)}  ${style('yellow', `${counts.error} error`)}  ${counts.skipped} skipped`,
        );
      },
      finish() {
        stream.write('\r\x1b[2K');
      },
    };
  }
  return {
    onResult(result: CheckResult, done: number) {
      stream.write(
        `[${done}/${total}] ${result.status.padEnd(7)} ${result.controlId}: ${result.check} ${result.target}\n`,
      );
    },
    finish() {},
  };
}
