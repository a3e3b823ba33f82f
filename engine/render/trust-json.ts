import { isPublished, publicTarget } from '../evaluate/public-view.ts';
import type {
  EvidenceSummary,
  Snapshot,
  SnapshotCertification,
  SnapshotControl,
} from '../evaluate/snapshot.ts';
import { type Disclosure, type Duration, formatDuration } from '../schema/index.ts';
import {
  type TrustJson,
  type TrustJsonControl,
  trustJsonFormatVersion,
  trustJsonSchemaUrl,
} from '../schema/trust-json.ts';
import { buildSubprocessorList } from './subprocessors-json.ts';

type Published<T> = Exclude<T, 'failing'>;

/** The expectation to publish for re-running a check from outside, or null when it cannot be. */
function rerunnable(item: EvidenceSummary & { kind: 'check' }): Record<string, unknown> | null {
  if (publicTarget(item.check, item.target) === null || item.expect === undefined) return null;
  return item.expect;
}

function evidenceOf(item: EvidenceSummary): TrustJsonControl['evidence'][number] {
  switch (item.kind) {
    case 'check':
      return {
        kind: 'check',
        check: item.check,
        target: publicTarget(item.check, item.target),
        description: item.description ?? null,
        expect: rerunnable(item),
        state: item.state,
        at: item.at ?? null,
        waiver:
          item.state === 'waived' && item.waiver
            ? { reason: item.waiver.reason, expires: item.waiver.expires }
            : null,
      };
    case 'attestation':
      return {
        kind: 'attestation',
        statement: item.statement,
        by: item.by,
        date: item.date,
        expires: item.expires ?? null,
        state: item.state,
      };
    case 'inherited':
      return {
        kind: 'inherited',
        provider: item.provider,
        providerName: item.providerName,
        statement: item.statement,
        certification: item.certification ?? null,
      };
  }
}

function controlOf(
  control: SnapshotControl & { status: Published<SnapshotControl['status']> },
): TrustJsonControl {
  return {
    id: control.id,
    title: control.title,
    category: control.category,
    claim: control.claim,
    status: control.status,
    verifiedAt: control.status === 'verified' ? (control.verifiedAt ?? null) : null,
    version: control.version,
    updated: control.updated,
    evidence: control.evidence.map(evidenceOf),
    frameworks: Object.fromEntries(
      Object.entries(control.frameworks).sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
}

function certificationOf(
  certification: SnapshotCertification,
): TrustJson['certifications'][number] {
  const base = {
    id: certification.id,
    name: certification.name,
    scope: certification.scope ?? null,
    note: certification.note ?? null,
  };
  switch (certification.status) {
    case 'certified':
      return {
        ...base,
        status: certification.effectiveStatus === 'lapsed' ? 'lapsed' : 'certified',
        auditor: certification.auditor ?? null,
        validFrom: certification.validFrom,
        validUntil: certification.validUntil,
      };
    case 'in-progress':
      return { ...base, status: 'in-progress', target: certification.target ?? null };
    case 'inherited':
      return { ...base, status: 'inherited', providers: certification.providerNames };
    case 'self-assessed':
      return { ...base, status: 'self-assessed', reviewed: certification.reviewed ?? null };
    case 'not-held':
      return { ...base, status: 'not-held' };
  }
}

function durationOf(value: Duration | undefined) {
  return value ? { amount: value.amount, unit: value.unit, text: formatDuration(value) } : null;
}

function disclosureOf(disclosure: Disclosure, snapshot: Snapshot): TrustJson['disclosure'] {
  const { sla } = disclosure;
  const origin = snapshot.organisation.url ?? snapshot.organisation.website;
  return {
    contact: { email: disclosure.contact.email ?? null, url: disclosure.contact.url ?? null },
    policyUrl: disclosure.policyUrl ?? null,
    pgpKey: disclosure.pgpKey ?? null,
    securityTxt:
      disclosure.securityTxt.canonical[0] ?? new URL('/.well-known/security.txt', origin).href,
    sla: {
      acknowledge: durationOf(sla.acknowledge),
      triage: durationOf(sla.triage),
      fix: {
        critical: durationOf(sla.fix?.critical),
        high: durationOf(sla.fix?.high),
        medium: durationOf(sla.fix?.medium),
        low: durationOf(sla.fix?.low),
      },
    },
    safeHarbour: disclosure.safeHarbour !== undefined,
    bounty: disclosure.bounty?.offered ?? null,
  };
}

/**
 * The trust.json object for a snapshot: organisation, certifications with their honest
 * status, published claims with their evidence, subprocessors and the disclosure summary.
 * Gated, withheld and failing claims are left out even if the snapshot still holds them;
 * owners, check messages and observed values never appear. The format is `trustJson` in
 * engine/schema/trust-json.ts, documented in docs/trust-json.md.
 */
export function buildTrustJson(snapshot: Snapshot): TrustJson {
  const { organisation } = snapshot;
  const { contacts } = organisation;
  return {
    $schema: trustJsonSchemaUrl,
    formatVersion: trustJsonFormatVersion,
    publishedAt: snapshot.publishedAt,
    contentHash: snapshot.contentHash,
    organisation: {
      name: organisation.name,
      legalName: organisation.legalName,
      website: organisation.website,
      trustCenterUrl: organisation.url ?? null,
      contacts: {
        security: contacts.security,
        privacy: contacts.privacy ?? null,
        support: contacts.support ?? null,
        sales: contacts.sales ?? null,
        legal: contacts.legal ?? null,
        trustAndSafety: contacts.trustAndSafety ?? null,
      },
      languages: organisation.languages,
      draft: organisation.draft?.note ?? null,
      updated: organisation.updated ?? null,
      effective: organisation.effective ?? null,
    },
    categories: snapshot.categories.map(({ id, title, description }) => ({
      id,
      title,
      description: description ?? null,
    })),
    certifications: snapshot.certifications.map(certificationOf),
    controls: snapshot.controls
      .filter(
        (control): control is SnapshotControl & { status: Published<SnapshotControl['status']> } =>
          isPublished(control) && control.status !== 'failing',
      )
      .map(controlOf),
    subprocessors: buildSubprocessorList(snapshot),
    disclosure: snapshot.disclosure ? disclosureOf(snapshot.disclosure, snapshot) : null,
    publication: null,
    signature: null,
  };
}

/** Renders `trust.json`: {@link buildTrustJson} as pretty-printed JSON with a final newline. */
export function renderTrustJson(snapshot: Snapshot): string {
  return `${JSON.stringify(buildTrustJson(snapshot), null, 2)}\n`;
}
