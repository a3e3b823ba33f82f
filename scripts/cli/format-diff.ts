import { type ControlRef, countChanges, type SnapshotDiff } from '../../engine/publish/diff.ts';
import { plural } from '../../engine/source/plural.ts';
import { noStyle, type Style } from './format-diagnostics.ts';

/** ` (gated)`, ` (withheld)`: a control whose claim is not on public outputs says so. */
function visibilityNote(control: ControlRef): string {
  const notes = [
    control.visibility === 'gated' ? 'gated' : '',
    control.withheld ? 'withheld' : '',
  ].filter(Boolean);
  return notes.length ? ` (${notes.join(', ')})` : '';
}

function dates(entry: { announced: string | undefined; effective: string | undefined }): string {
  return entry.effective
    ? `, effective ${entry.effective}${entry.announced ? `, announced ${entry.announced}` : ''}`
    : '';
}

/**
 * The changes of a diff for people: grouped (controls, certifications, subprocessors,
 * documents), `+` added, `-` removed, `~` changed, `→` a status or state moving on; old and
 * new claim text on their own lines. `from` and `to` name the two versions.
 */
export function formatDiff(
  diff: SnapshotDiff,
  labels: { from: string; to: string },
  style: Style = noStyle,
): string {
  const add = style('green', '+');
  const remove = style('red', '-');
  const change = style('yellow', '~');
  const move = style('cyan', '→');
  const { controls, certifications, subprocessors, documents } = diff;
  const groups: Array<[string, string[]]> = [
    [
      'Controls',
      [
        ...controls.added.map(
          (c) =>
            `${add} ${c.id} — ${c.title}${visibilityNote(c)}: added (${c.status}, version ${c.version})\n      claim: ${c.claim}`,
        ),
        ...controls.removed.map(
          (c) =>
            `${remove} ${c.id} — ${c.title}${visibilityNote(c)}: removed\n      claim was: ${c.claim}`,
        ),
        ...controls.reworded.map(
          (c) =>
            `${change} ${c.id} — ${c.title}${visibilityNote(c)}: claim reworded (version ${c.version})\n      ${style('red', `- ${c.before}`)}\n      ${style('green', `+ ${c.after}`)}`,
        ),
        ...controls.statusChanged.map(
          (c) =>
            `${move} ${c.id} — ${c.title}${visibilityNote(c)}: ${c.before} → ${c.after}\n      ${style('dim', c.reason)}`,
        ),
        ...controls.versionBumped.map(
          (c) => `${change} ${c.id} — ${c.title}: version ${c.before} → ${c.after}`,
        ),
      ],
    ],
    [
      'Certifications',
      [
        ...certifications.added.map((c) => `${add} ${c.id} — ${c.name}: added (${c.status})`),
        ...certifications.removed.map(
          (c) => `${remove} ${c.id} — ${c.name}: removed (was ${c.status})`,
        ),
        ...certifications.statusChanged.map(
          (c) => `${move} ${c.id} — ${c.name}: ${c.before} → ${c.after}`,
        ),
      ],
    ],
    [
      'Subprocessors',
      [
        ...subprocessors.added.map(
          (s) =>
            `${add} ${s.id} — ${s.name}: added (${s.state}${dates(s)})\n      ${s.purpose} ${s.location}.`,
        ),
        ...subprocessors.removed.map(
          (s) => `${remove} ${s.id} — ${s.name}: removed (was ${s.state})`,
        ),
        ...subprocessors.changed.map(
          (s) => `${change} ${s.id} — ${s.name}: ${s.fields.join(', ')} changed`,
        ),
        ...subprocessors.stateChanged.map(
          (s) => `${move} ${s.id} — ${s.name}: ${s.before} → ${s.state}${dates(s)}`,
        ),
      ],
    ],
    [
      'Documents',
      [
        ...documents.added.map(
          (d) => `${add} ${d.id} — ${d.title}: added (version ${d.version}, ${d.visibility})`,
        ),
        ...documents.removed.map(
          (d) => `${remove} ${d.id} — ${d.title}: removed (was version ${d.version})`,
        ),
        ...documents.versionChanged.map(
          (d) => `${change} ${d.id} — ${d.title}: version ${d.before} → ${d.after}`,
        ),
      ],
    ],
  ];
  const total = countChanges(diff);
  const head = `Changes from ${labels.from} to ${labels.to}:`;
  if (total === 0) return `${head}\n\nNo changes.`;
  const body = groups
    .filter(([, lines]) => lines.length > 0)
    .map(
      ([title, lines]) => `${style('bold', title)}\n${lines.map((line) => `  ${line}`).join('\n')}`,
    )
    .join('\n\n');
  return `${head}\n\n${body}\n\n${plural(total, 'change')}.`;
}
