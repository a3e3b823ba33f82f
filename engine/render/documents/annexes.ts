import type { Snapshot, SnapshotControl } from '../../evaluate/snapshot.ts';
import { transferLabels } from '../labels.ts';
import { describeEvidence, subprocessorStanding } from './descriptions.ts';
import { type Block, md } from './mdast-build.ts';

/** Statuses that make a control a measure in Annex II: proven now, and nothing else. */
export const annexStatuses = new Set(['verified', 'attested', 'inherited']);

/** Controls grouped by category, in the snapshot's category order; empty categories left out. */
export function byCategory(
  snapshot: Snapshot,
  controls: readonly SnapshotControl[],
): Array<{ title: string; controls: SnapshotControl[] }> {
  return snapshot.categories
    .map((category) => ({
      title: category.title,
      controls: controls.filter((control) => control.category === category.id),
    }))
    .filter((group) => group.controls.length > 0);
}

/** Annex I: the parties and the description of the processing (processing.yaml). */
export function annexI(snapshot: Snapshot): Block[] {
  const blocks: Block[] = [md.heading(1, 'Annex I — Parties and description of the processing')];
  const processing = snapshot.processing;
  const org = snapshot.organisation;
  if (!processing) {
    blocks.push(
      md.heading(2, 'A. List of parties'),
      md.table(
        ['Party', 'Details'],
        [
          ['Data exporter (controller)', 'The customer named in the order form or subscription.'],
          ['Data importer (processor)', [org.legalName, org.address].filter(Boolean).join(', ')],
        ],
      ),
      md.heading(2, 'B. Description of the processing'),
      md.paragraph(
        `${org.name} has not published a description of the processing. Ask ${org.contacts.privacy ?? org.contacts.security} for it before signing.`,
      ),
    );
    return blocks;
  }
  const party = (title: string, p: typeof processing.exporter): Block[] => [
    md.heading(3, title),
    md.table(
      ['Field', 'Value'],
      [
        ['Name', p.name],
        ...(p.address ? [['Address', p.address]] : []),
        ...(p.contact ? [['Contact person', p.contact]] : []),
        ['Role', p.role === 'controller' ? 'Controller' : 'Processor'],
        ['Activities', p.activities],
      ],
    ),
  ];
  blocks.push(
    md.heading(2, 'A. List of parties'),
    ...party('Data exporter', processing.exporter),
    ...party('Data importer', processing.importer),
    md.heading(2, 'B. Description of the processing'),
    md.heading(3, 'Categories of data subjects'),
    md.list(processing.dataSubjects),
    md.heading(3, 'Categories of personal data'),
    md.list(processing.dataCategories),
    md.heading(3, 'Sensitive data'),
    md.paragraph(
      processing.sensitiveData.processed
        ? 'Special categories of personal data are processed. '
        : 'No special categories of personal data are intended to be processed. ',
      processing.sensitiveData.safeguards ?? '',
    ),
    md.table(
      ['Aspect', 'Description'],
      [
        ['Subject matter', processing.subjectMatter],
        ['Nature of the processing', processing.nature],
        ['Frequency of the transfer', processing.frequency],
        ['Duration', processing.duration],
        ['Retention', processing.retention],
      ],
    ),
    md.heading(3, 'Purposes of the processing'),
    md.list(processing.purposes),
    md.heading(3, 'Transfers'),
    processing.transfers.length > 0
      ? md.list(processing.transfers)
      : md.paragraph('No transfers to third countries are declared.'),
    md.heading(2, 'C. Competent supervisory authority'),
    md.paragraph(processing.supervisoryAuthority ?? 'Not stated.'),
  );
  if (processing.dpo)
    blocks.push(
      md.paragraph(
        'Data protection contact: ',
        md.link(`mailto:${processing.dpo}`, processing.dpo),
      ),
    );
  return blocks;
}

/**
 * Annex II: the technical and organisational measures — public controls whose claim is
 * verified, attested or inherited and not withheld, by category, each with its claim and
 * how it is evidenced. `controls` must be the public view's controls.
 */
export function annexII(snapshot: Snapshot, controls: readonly SnapshotControl[]): Block[] {
  const measures = controls.filter((control) => annexStatuses.has(control.status));
  const blocks: Block[] = [
    md.heading(1, 'Annex II — Technical and organisational measures'),
    md.paragraph(
      `These measures are the ${measures.length} published controls of ${snapshot.organisation.name} whose claims were verified by automated checks, attested or inherited from a provider when snapshot ${snapshot.contentHash.slice(0, 12)} was published on ${snapshot.publishedAt.slice(0, 10)}. Controls that are failing, not verified, withheld or still in progress are not listed.`,
    ),
  ];
  for (const group of byCategory(snapshot, measures)) {
    blocks.push(
      md.heading(2, group.title),
      md.table(
        ['Measure', 'What is in place', 'How it is evidenced'],
        group.controls.map((control) => [control.title, control.claim, describeEvidence(control)]),
      ),
    );
  }
  if (measures.length === 0)
    blocks.push(md.paragraph('No measure is currently proven by its evidence.'));
  return blocks;
}

/**
 * Annex III: the subprocessors (name, purpose, location, transfer mechanism), announced
 * changes marked with their effective date. When the list is published only on request
 * and the PDF is public, it says where to ask instead of naming them.
 */
export function annexIII(snapshot: Snapshot, audience: 'public' | 'gated'): Block[] {
  const { subprocessors, organisation } = snapshot;
  const blocks: Block[] = [
    md.heading(1, 'Annex III — List of subprocessors'),
    md.paragraph(
      subprocessors.noticeDays === undefined
        ? `The controller authorises the use of the subprocessors below. ${organisation.legalName} informs the controller of a new subprocessor before it starts processing personal data, so that the controller can object.`
        : `The controller authorises the use of the subprocessors below. ${organisation.legalName} announces a new subprocessor at least ${subprocessors.noticeDays} days before it starts processing personal data, so that the controller can object.`,
    ),
  ];
  if (subprocessors.listing === 'on-request' && audience === 'public') {
    blocks.push(
      md.paragraph(
        `The list is shared on request${subprocessors.requestContact ? ` from ${subprocessors.requestContact}` : ''}.`,
      ),
    );
    return blocks;
  }
  const entries = subprocessors.entries.filter((entry) => entry.state !== 'past');
  if (entries.length === 0) {
    blocks.push(md.paragraph('No subprocessors are declared.'));
    return blocks;
  }
  blocks.push(
    md.table(
      ['Subprocessor', 'Purpose', 'Location', 'Transfer mechanism', 'Status'],
      entries.map((entry) => [
        entry.entity && entry.entity !== entry.name
          ? `${entry.name} (${entry.entity})`
          : entry.name,
        entry.purpose,
        entry.location,
        transferLabels[entry.transferMechanism],
        subprocessorStanding(entry),
      ]),
    ),
  );
  return blocks;
}
