import { publishedClaimStatuses, type Snapshot } from '../../evaluate/snapshot.ts';
import { type Translate, translator } from '../../language/i18n/translate.ts';
import { formatDuration } from '../../schema/common.ts';
import { transferLabels } from '../labels.ts';
import { byCategory } from './annexes.ts';
import { certificationStatus, describeEvidence, subprocessorStanding } from './descriptions.ts';
import { type Block, md } from './mdast-build.ts';
import { parseMarkdown } from './parse-markdown.ts';

/** Controls the overview lists: public, not withheld, and never a failing claim. */
function listed(view: Snapshot) {
  return view.controls.filter((control) => control.status !== 'failing');
}

function posture(view: Snapshot, t: Translate): Block[] {
  const counts = view.rollup.byStatus;
  const total = listed(view).length;
  const proven = counts.verified + counts.attested + counts.inherited;
  return [
    md.heading(2, t('pdf.overview.posture')),
    md.paragraph(
      [
        t('pdf.overview.publishes', { name: view.organisation.name, count: total }),
        t('pdf.overview.backed', {
          count: proven,
          verified: counts.verified,
          attested: counts.attested,
          inherited: counts.inherited,
        }),
        t('pdf.overview.figures', {
          date: view.publishedAt.slice(0, 10),
          hash: view.contentHash.slice(0, 12),
        }),
      ].join(' '),
    ),
    md.table(
      [t('pdf.overview.status'), t('pdf.overview.controls')],
      publishedClaimStatuses
        .filter((status) => counts[status] > 0)
        .map((status) => [t(`status.claim.${status}`), String(counts[status])]),
    ),
  ];
}

function certifications(view: Snapshot, t: Translate): Block[] {
  const blocks: Block[] = [md.heading(2, t('pdf.overview.certifications'))];
  if (view.certifications.length === 0)
    return [...blocks, md.paragraph(t('pdf.overview.noCertifications'))];
  blocks.push(
    md.table(
      [t('pdf.overview.framework'), t('pdf.overview.status'), t('pdf.overview.notes')],
      view.certifications.map((certification) => [
        certification.name,
        certificationStatus(certification),
        [certification.scope, certification.note].filter(Boolean).join(' '),
      ]),
    ),
  );
  return blocks;
}

function controls(view: Snapshot, t: Translate): Block[] {
  const blocks: Block[] = [md.heading(2, t('pdf.overview.controls'))];
  const controls = listed(view);
  if (controls.length === 0) return [...blocks, md.paragraph(t('pdf.overview.noControls'))];
  for (const group of byCategory(view, controls)) {
    blocks.push(
      md.heading(3, group.title),
      md.table(
        [t('pdf.overview.control'), t('pdf.overview.status'), t('pdf.overview.claimAndEvidence')],
        group.controls.map((control) => [
          control.title,
          t(`status.claim.${control.status}`),
          `${control.claim} ${describeEvidence(control)}`,
        ]),
      ),
    );
  }
  return blocks;
}

function subprocessors(view: Snapshot, t: Translate): Block[] {
  const { subprocessors: list } = view;
  const blocks: Block[] = [md.heading(2, t('pdf.overview.subprocessors'))];
  if (list.listing === 'on-request')
    return [
      ...blocks,
      md.paragraph(
        `The subprocessor list is shared on request${list.requestContact ? ` from ${list.requestContact}` : ''}.`,
      ),
    ];
  const entries = list.entries.filter((entry) => entry.state !== 'past');
  if (entries.length === 0) return [...blocks, md.paragraph('No subprocessors are declared.')];
  if (list.noticeDays !== undefined)
    blocks.push(
      md.paragraph(
        `New subprocessors are announced at least ${list.noticeDays} days before they start.`,
      ),
    );
  blocks.push(
    md.table(
      [
        t('pdf.overview.subprocessor'),
        t('pdf.overview.purpose'),
        t('pdf.overview.location'),
        t('pdf.overview.transfer'),
        t('pdf.overview.status'),
      ],
      entries.map((entry) => [
        entry.name,
        entry.purpose,
        entry.location,
        transferLabels[entry.transferMechanism],
        subprocessorStanding(entry),
      ]),
    ),
  );
  return blocks;
}

function disclosure(view: Snapshot, t: Translate): Block[] {
  const blocks: Block[] = [md.heading(2, t('pdf.overview.disclosure'))];
  const policy = view.disclosure;
  if (!policy)
    return [
      ...blocks,
      md.paragraph(`Report security issues to ${view.organisation.contacts.security}.`),
    ];
  const where = [policy.contact.email, policy.contact.url].filter((value): value is string =>
    Boolean(value),
  );
  blocks.push(md.paragraph(`Report vulnerabilities to ${where.join(' or ')}.`));
  blocks.push(...parseMarkdown(policy.instructions).children);
  const sla = policy.sla;
  const times = [
    sla.acknowledge && `Acknowledgement: ${formatDuration(sla.acknowledge)}`,
    sla.triage && `Triage: ${formatDuration(sla.triage)}`,
    ...Object.entries(sla.fix ?? {}).map(
      ([severity, time]) => time && `Fix (${severity}): ${formatDuration(time)}`,
    ),
    sla.updates && `Updates: ${sla.updates}`,
  ].filter((line): line is string => Boolean(line));
  if (times.length > 0) blocks.push(md.heading(3, t('pdf.overview.responseTimes')), md.list(times));
  if (policy.rules.length > 0)
    blocks.push(md.heading(3, t('pdf.overview.rules')), md.list(policy.rules));
  if (policy.safeHarbour)
    blocks.push(
      md.heading(3, t('pdf.overview.safeHarbour')),
      ...parseMarkdown(policy.safeHarbour).children,
    );
  const bounty = policy.bounty;
  if (bounty) {
    const details = bounty.details ? ` ${bounty.details}` : '';
    blocks.push(
      md.paragraph(
        bounty.offered
          ? `A paid bug bounty is offered.${details}`
          : `No paid bug bounty is offered.${details}`,
      ),
    );
  }
  return blocks;
}

/**
 * The security overview, from the public view of a snapshot only: posture summary,
 * certifications with their honest statuses, every public control by category with its
 * status and evidence (a failing claim is never shown as a claim), subprocessors and the
 * disclosure policy.
 */
export function securityOverviewBlocks(view: Snapshot, t: Translate = translator('en')): Block[] {
  const intro = parseMarkdown(view.organisation.intro).children;
  return [
    md.heading(1, t('pdf.overview.title')),
    ...intro,
    ...(view.organisation.scopeNote
      ? [md.paragraph(md.emphasis(view.organisation.scopeNote))]
      : []),
    ...posture(view, t),
    ...certifications(view, t),
    ...controls(view, t),
    ...subprocessors(view, t),
    ...disclosure(view, t),
  ];
}
