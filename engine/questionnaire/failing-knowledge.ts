import type { Snapshot } from '../evaluate/snapshot.ts';

/** A questionnaire answer that rests on a control the evidence does not currently support. */
export interface FailingKnowledge {
  kind: 'control-answer' | 'faq';
  question: string;
  controlId: string;
  status: string;
}

/**
 * Answers (controls' `answers`, FAQ entries) that rest on a failing or withheld control.
 * They need check results, so `attest validate` cannot see them; `attest answer` reports
 * them as warnings, and the answer engine never turns them into a "Yes". Pure.
 */
export function failingKnowledge(snapshot: Snapshot): FailingKnowledge[] {
  const broken = new Map(
    snapshot.controls
      .filter((control) => control.status === 'failing' || control.withheld)
      .map((control) => [control.id, control.withheld ? 'withheld' : control.status]),
  );
  const found: FailingKnowledge[] = [];
  for (const control of snapshot.controls) {
    const status = broken.get(control.id);
    if (!status) continue;
    for (const entry of control.answers)
      found.push({
        kind: 'control-answer',
        question: entry.question,
        controlId: control.id,
        status,
      });
  }
  for (const entry of snapshot.faq)
    for (const controlId of entry.controls) {
      const status = broken.get(controlId);
      if (status) found.push({ kind: 'faq', question: entry.question, controlId, status });
    }
  return found;
}
