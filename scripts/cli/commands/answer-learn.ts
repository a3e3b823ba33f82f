import { rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readOrganisationFiles } from '../../../engine/fs/read-organisation.ts';
import { loadOrganisation } from '../../../engine/load/load-organisation.ts';
import {
  appendFaqEntries,
  type Contradiction,
  faqDiff,
  faqPath,
  type LearnedFile,
  learnQuestionnaireFile,
} from '../../../engine/questionnaire/index.ts';
import { agree, plural } from '../../../engine/source/plural.ts';
import { answeringSnapshot, readQuestionnaireInput } from '../answer-input.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';
import { createStyle, formatDiagnostics } from '../format-diagnostics.ts';
import { displayPrefix } from '../organisation-dir.ts';
import { textTable } from '../text-table.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

const spoken: Record<string, string> = { yes: 'Yes', no: 'No', 'n/a': 'N/A', text: 'text' };

function formatContradiction(file: string, item: Contradiction): string {
  const where = `${file}, sheet "${item.sheet}", row ${item.row}${item.id ? ` (${item.id})` : ''}`;
  const human = `${spoken[item.human.answer] ?? item.human.answer}${item.human.comment ? ` — ${item.human.comment}` : ''}`;
  return [
    `  ${where}: ${item.question}`,
    `    answered: ${human}`,
    `    Attest:   ${spoken[item.engine.answer] ?? item.engine.answer} — ${item.engine.explanation}`,
    ...item.engine.citations.map(
      (citation) =>
        `    cites:    ${citation.kind} ${citation.id}${citation.version ? ` v${citation.version}` : ''} ${citation.url}`,
    ),
  ].join('\n');
}

function formatLearned(file: string, learned: LearnedFile): string {
  const answered =
    learned.known.length +
    learned.heldBack.length +
    learned.proposals.length +
    learned.contradictions.length +
    learned.needsControl.length;
  const lines = [
    `${file}: ${plural(learned.questions.length, 'question')}, ${answered} answered by people: ${learned.known.length} known, ${learned.heldBack.length} held back, ${plural(learned.proposals.length, 'proposal')}, ${plural(learned.contradictions.length, 'contradiction')}, ${learned.needsControl.length} ${agree(learned.needsControl.length, 'needs', 'need')} a control.`,
  ];
  if (learned.contradictions.length > 0)
    lines.push(
      '',
      'Contradictions (the file and Attest disagree; fix the controls or the file, nothing is proposed):',
      ...learned.contradictions.map((item) => formatContradiction(file, item)),
    );
  if (learned.conflicts.length > 0)
    lines.push(
      '',
      'Conflicts (the file answers the same question differently; nothing is learned from them):',
      ...learned.conflicts.map(
        (item) =>
          `  ${item.question}\n${item.rows.map((row) => `    sheet "${row.sheet}", row ${row.row}: ${row.cell}`).join('\n')}`,
      ),
    );
  if (learned.heldBack.length > 0)
    lines.push(
      '',
      'Held back (Attest answers these the same way, but the evidence behind them does not hold today; run `attest check`):',
      ...learned.heldBack.map(
        (item) => `  sheet "${item.sheet}", row ${item.row}: ${item.question}\n    ${item.reason}`,
      ),
    );
  if (learned.needsControl.length > 0)
    lines.push(
      '',
      'Needs a control (not proposed: an FAQ entry must cite one):',
      ...learned.needsControl.map(
        (item) =>
          `  sheet "${item.sheet}", row ${item.row}: ${item.question}\n    learned: ${item.entry.answer.replace(/\s+/g, ' ')}\n    ${item.comment}`,
      ),
    );
  return lines.join('\n');
}

function formatGaps(learned: LearnedFile): string {
  if (learned.gaps.length === 0)
    return 'Gaps: none — the organisation declares something on every concept these questions name.';
  return [
    'Gaps: concepts buyers asked about that the organisation declares nothing on:',
    textTable([
      ['concept', 'questions', 'example'],
      ...learned.gaps.map((gap) => [gap.concept, String(gap.questions), gap.example]),
    ]),
  ].join('\n');
}

/**
 * The FAQ file before and with the proposals appended, and whether the organisation still
 * validates with it (its errors are printed on stderr when not).
 */
async function patchedFaq(
  dir: string,
  learned: LearnedFile,
): Promise<{ path: string; before: string | undefined; after: string; valid: boolean }> {
  const { files } = await readOrganisationFiles(dir);
  const current = files.find((file) => /^policies\/faq\.ya?ml$/.test(file.path));
  const path = current?.path ?? faqPath;
  const after = appendFaqEntries(
    current?.text,
    learned.proposals.map((proposal) => proposal.entry),
    path,
  );
  const patched = [...files.filter((file) => file !== current), { path, text: after }];
  const { model, diagnostics } = loadOrganisation(patched);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (model && errors.length === 0) return { path, before: current?.text, after, valid: true };
  const style = createStyle(process.stderr);
  const shown = errors.map((d) => ({ ...d, file: displayPrefix(dir) + d.file }));
  log(formatDiagnostics(shown, style));
  return { path, before: current?.text, after, valid: false };
}

/**
 * `attest answer --learn FILE`: reads a questionnaire people have answered, prints what the
 * engine already knows, where it contradicts the file, the FAQ entries it would learn (as a
 * diff of `policies/faq.yaml`, written only with --accept and only when the organisation
 * still validates) and the concepts buyers asked about that nothing declares. Exit 0; 1 on
 * contradictions, when the organisation does not load, or when the patch would not
 * validate; 2 for a file Attest refuses.
 */
export async function runAnswerLearn(values: ParsedArgs['values']): Promise<number> {
  const file = values.learn;
  if (typeof file !== 'string' || file === '')
    throw new UsageError('name the answered questionnaire: attest answer --learn FILE.xlsx');
  for (const option of ['out', 'format'])
    if (values[option] !== undefined)
      throw new UsageError(`--${option} does not go with --learn: nothing but faq.yaml is written`);
  const { input, bytes } = await readQuestionnaireInput(file);
  const loaded = await answeringSnapshot(values, 'Nothing was learned.');
  if (!loaded) return 1;
  const learned = await learnQuestionnaireFile(loaded.snapshot, bytes, {
    fileName: basename(input),
    sheets: Array.isArray(values.sheet) ? values.sheet.map(String) : undefined,
    questionCol: typeof values['question-col'] === 'string' ? values['question-col'] : undefined,
    answerCol: typeof values['answer-col'] === 'string' ? values['answer-col'] : undefined,
    onProgress: (done, total) => {
      if (total >= 200) log(`compared ${done}/${total} questions`);
    },
  });
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(formatLearned(basename(input), learned));
  let refused = false;
  if (learned.proposals.length === 0) out('\nNo FAQ entries to propose.');
  else {
    const patch = await patchedFaq(loaded.dir, learned);
    out('');
    out(faqDiff(patch.before, patch.after, patch.path).trimEnd());
    const shownPath = displayPrefix(loaded.dir) + patch.path;
    if (!patch.valid) {
      refused = true;
      log(
        `${shownPath} was not written: with these entries the organisation would not validate (above). Edit the questionnaire or the controls, or add the entries by hand.`,
      );
    } else if (values.accept === true) {
      const target = join(loaded.dir, patch.path);
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, patch.after);
      await rename(temporary, target);
      out(`Written to ${shownPath}.`);
    } else out(`Not written: run again with --accept to add these entries to ${shownPath}.`);
  }
  out('');
  out(formatGaps(learned));
  return learned.contradictions.length > 0 || learned.conflicts.length > 0 || refused ? 1 : 0;
}
