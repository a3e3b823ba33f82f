import type {
  ClaimStatus,
  Rollup,
  Snapshot,
  SnapshotCertification,
  SnapshotControl,
  SnapshotSubprocessor,
} from '../snapshot.ts';
import { claimStatuses, snapshotFormatVersion } from '../snapshot.ts';

const statuses = claimStatuses;

function control(
  fields: Pick<SnapshotControl, 'id' | 'title' | 'category' | 'status' | 'claim' | 'reason'> &
    Partial<SnapshotControl>,
): SnapshotControl {
  return {
    version: 1,
    updated: '2026-10-01',
    owner: 'security@example.com',
    visibility: 'public',
    declared: 'implemented',
    verifiedAt: undefined,
    details: undefined,
    evidence: [],
    frameworks: {},
    answers: [],
    changelog: [{ version: 1, date: '2026-01-15', note: 'Published' }],
    withheld: undefined,
    ...fields,
  };
}

const controls: SnapshotControl[] = [
  control({
    id: 'encryption-in-transit',
    title: 'Encryption in transit',
    category: 'encryption',
    status: 'verified',
    version: 3,
    updated: '2026-10-02',
    claim: 'All traffic is encrypted with TLS 1.2 or newer; plain HTTP is not served.',
    reason:
      'verified 2026-11-20 14:02 UTC by tls on app.example.com: TLSv1.2 minimum, 83 days to certificate expiry',
    verifiedAt: '2026-11-20T14:02:00.000Z',
    evidence: [
      {
        kind: 'check',
        id: 'app-tls',
        check: 'tls',
        target: 'https://app.example.com',
        description: undefined,
        state: 'pass',
        at: '2026-11-20T14:02:00.000Z',
        observed: { version: 'TLSv1.3', daysToExpiry: 83 },
        expected: { minVersion: 'TLSv1.2' },
        message: 'TLSv1.2 minimum, 83 days to certificate expiry',
        waiver: undefined,
      },
    ],
    frameworks: { soc2: ['CC6.7'] },
    answers: [
      { question: 'Is customer data encrypted in transit?', answer: 'yes', comment: undefined },
    ],
    changelog: [
      { version: 3, date: '2026-10-02', note: 'Minimum TLS raised to 1.2' },
      { version: 2, date: '2026-04-10', note: 'HSTS enabled on every host' },
      { version: 1, date: '2026-01-15', note: 'Published' },
    ],
  }),
  control({
    id: 'encryption-at-rest',
    title: 'Encryption at rest',
    category: 'encryption',
    status: 'inherited',
    claim: 'Customer data is stored encrypted with AES-256.',
    reason: 'inherited from Amazon Web Services (SOC 2 Type II)',
    evidence: [
      {
        kind: 'inherited',
        id: undefined,
        provider: 'aws',
        providerName: 'Amazon Web Services',
        statement: 'Object storage encrypts every object with AES-256.',
        certification: 'SOC 2 Type II',
      },
    ],
  }),
  control({
    id: 'penetration-testing',
    title: 'Penetration testing',
    category: 'operations',
    status: 'attested',
    claim: 'An external firm tests the application every year.',
    reason: 'attested by cto@example.com on 2026-03-14, valid until 2027-03-14',
    evidence: [
      {
        kind: 'attestation',
        id: undefined,
        statement: 'Annual external penetration test; no open high-severity findings.',
        by: 'cto@example.com',
        date: '2026-03-14',
        expires: '2027-03-14',
        document: 'pentest-summary',
        state: 'current',
      },
    ],
  }),
  control({
    id: 'backups',
    title: 'Backups',
    category: 'operations',
    status: 'unverified',
    claim: 'Databases are backed up every day and kept for 30 days.',
    reason: 'not verified: the file check has not run yet',
  }),
  control({
    id: 'multi-factor-authentication',
    title: 'Multi-factor authentication',
    category: 'access',
    status: 'failing',
    claim: 'Every staff account requires a second factor.',
    reason: 'failing 2026-11-20 14:03 UTC: config check found mfa.required = false',
    withheld: { reason: 'the config check contradicts the claim (policy onFailure: withhold)' },
  }),
  control({
    id: 'tenant-isolation',
    title: 'Tenant isolation',
    category: 'access',
    status: 'verified',
    visibility: 'gated',
    claim: 'Every query is scoped to one tenant by row-level security.',
    reason: 'verified 2026-11-20 14:02 UTC by postgres on the primary database',
    verifiedAt: '2026-11-20T14:02:00.000Z',
  }),
  control({
    id: 'single-sign-on',
    title: 'Single sign-on',
    category: 'access',
    status: 'in-progress',
    declared: 'in-progress',
    claim: 'Customers can require SAML single sign-on.',
    reason: 'in progress',
  }),
  control({
    id: 'bug-bounty',
    title: 'Bug bounty',
    category: 'operations',
    status: 'planned',
    declared: 'planned',
    claim: 'Researchers are paid for valid reports.',
    reason: 'planned',
  }),
];

const certifications: SnapshotCertification[] = [
  {
    id: 'soc2-type2',
    name: 'SOC 2 Type II',
    scope: 'The production application',
    note: undefined,
    status: 'certified',
    auditor: 'Example Audit LLP',
    report: 'soc2-report',
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
    effectiveStatus: 'certified',
    providerNames: [],
  },
  {
    id: 'pci-dss',
    name: 'PCI DSS',
    scope: undefined,
    note: undefined,
    status: 'certified',
    auditor: undefined,
    report: undefined,
    validFrom: '2025-01-01',
    validUntil: '2025-12-31',
    effectiveStatus: 'lapsed',
    providerNames: [],
  },
  {
    id: 'iso27001',
    name: 'ISO 27001',
    scope: undefined,
    note: 'Stage 1 audit booked.',
    status: 'in-progress',
    target: '2027-Q2',
    effectiveStatus: 'in-progress',
    providerNames: [],
  },
  {
    id: 'hosting-iso27001',
    name: 'ISO 27001 (hosting)',
    scope: undefined,
    note: undefined,
    status: 'inherited',
    providers: ['aws'],
    effectiveStatus: 'inherited',
    providerNames: ['Amazon Web Services'],
  },
  {
    id: 'gdpr',
    name: 'GDPR',
    scope: undefined,
    note: undefined,
    status: 'self-assessed',
    reviewed: '2026-06-01',
    effectiveStatus: 'self-assessed',
    providerNames: [],
  },
  {
    id: 'hipaa',
    name: 'HIPAA',
    scope: undefined,
    note: undefined,
    status: 'not-held',
    effectiveStatus: 'not-held',
    providerNames: [],
  },
];

function subprocessor(
  fields: Pick<SnapshotSubprocessor, 'id' | 'name' | 'purpose' | 'state'> &
    Partial<SnapshotSubprocessor>,
): SnapshotSubprocessor {
  return {
    entity: undefined,
    location: 'European Union',
    dataCategories: ['Account data'],
    transferMechanism: 'none',
    certifications: [],
    website: undefined,
    since: '2025-01-01',
    change: undefined,
    announced: undefined,
    effective: undefined,
    ...fields,
  };
}

const subprocessors: SnapshotSubprocessor[] = [
  subprocessor({
    id: 'aws',
    name: 'Amazon Web Services',
    purpose: 'Hosting and storage.',
    location: 'Ireland (eu-west-1)',
    certifications: ['SOC 2 Type II', 'ISO 27001'],
    state: 'current',
  }),
  subprocessor({
    id: 'stripe',
    name: 'Stripe',
    purpose: 'Payment processing.',
    location: 'United States',
    transferMechanism: 'dpf',
    dataCategories: ['Billing contact details'],
    state: 'current',
  }),
  subprocessor({
    id: 'sentry',
    name: 'Sentry',
    purpose: 'Application error monitoring.',
    since: undefined,
    change: 'added',
    announced: '2026-11-01',
    effective: '2026-12-15',
    state: 'upcoming',
  }),
  subprocessor({
    id: 'oldmail',
    name: 'Old Mail Inc.',
    purpose: 'Transactional email.',
    change: 'removed',
    announced: '2026-11-01',
    effective: '2026-12-15',
    state: 'leaving',
  }),
];

function rollupOf(list: readonly SnapshotControl[]): Rollup {
  const zero = () => Object.fromEntries(statuses.map((s) => [s, 0])) as Record<ClaimStatus, number>;
  const rollup: Rollup = {
    byStatus: zero(),
    byCategory: {},
    verifiedAutomatically: 0,
    attested: 0,
    inherited: 0,
  };
  for (const item of list) {
    rollup.byStatus[item.status]++;
    const category = rollup.byCategory[item.category] ?? zero();
    category[item.status]++;
    rollup.byCategory[item.category] = category;
  }
  rollup.verifiedAutomatically = rollup.byStatus.verified;
  rollup.attested = rollup.byStatus.attested;
  rollup.inherited = rollup.byStatus.inherited;
  return rollup;
}

/**
 * One realistic snapshot for tests of renderers and publishing: controls of every status
 * (one gated, one withheld), certifications of every status (one lapsed), current, upcoming
 * and leaving subprocessors, a disclosure policy, public and gated documents. Each call
 * returns a fresh copy; `overrides` replace top-level fields.
 */
export function createSnapshotFixture(overrides: Partial<Snapshot> = {}): Snapshot {
  const snapshot: Snapshot = {
    formatVersion: snapshotFormatVersion,
    contentHash: 'f'.repeat(64),
    publishedAt: '2026-11-20T14:03:00.000Z',
    gitCommit: '0123456789abcdef0123456789abcdef01234567',
    organisation: {
      name: 'Example',
      legalName: 'Example Ltd',
      address: '1 Example Street, London',
      website: 'https://example.com',
      url: 'https://trust.example.com',
      intro: 'We keep **your data** safe & tell you how.',
      scopeNote: undefined,
      contacts: { security: 'security@example.com', privacy: 'privacy@example.com' },
      branding: { accentColor: '#2b5fd9' },
      categories: [
        { id: 'encryption', title: 'Encryption', order: 1 },
        { id: 'access', title: 'Access control', order: 2 },
        { id: 'operations', title: 'Operations', order: 3 },
      ],
      languages: ['en', 'de'],
    },
    categories: [
      { id: 'encryption', title: 'Encryption', description: undefined, order: 1 },
      { id: 'access', title: 'Access control', description: undefined, order: 2 },
      { id: 'operations', title: 'Operations', description: undefined, order: 3 },
    ],
    controls,
    certifications,
    subprocessors: {
      noticeDays: 30,
      listing: 'public',
      requestContact: undefined,
      entries: subprocessors,
    },
    disclosure: {
      contact: { email: 'security@example.com', url: 'https://example.com/security/report' },
      instructions: 'Describe the issue and how to reproduce it.',
      pgpKey: 'https://example.com/pgp.asc',
      policyUrl: 'https://example.com/security/policy',
      acknowledgmentsUrl: undefined,
      rules: ['Do not access data that is not yours.'],
      safeHarbour: 'We will not pursue good-faith research.',
      sla: {
        acknowledge: { amount: 2, unit: 'business-days' },
        triage: { amount: 5, unit: 'business-days' },
        fix: { critical: { amount: 7, unit: 'days' } },
      },
      bounty: { offered: false },
      securityTxt: {
        expires: '2027-06-30T00:00:00.000Z',
        preferredLanguages: ['en', 'de'],
        canonical: ['https://trust.example.com/.well-known/security.txt'],
      },
    },
    processing: undefined,
    faq: [
      {
        question: 'Do you encrypt data in transit?',
        answer: 'Yes, with TLS 1.2 or newer.',
        short: 'yes',
        controls: ['encryption-in-transit'],
      },
    ],
    documents: [
      {
        id: 'security-policy',
        title: 'Security policy',
        version: '2.1',
        visibility: 'public',
        updated: '2026-09-01',
        body: '# Security policy\n\nWe keep data safe.\n',
      },
      {
        id: 'pentest-summary',
        title: 'Penetration test summary',
        version: '2026-03',
        visibility: 'gated',
        updated: '2026-03-20',
        body: '# Pen test\n\nNo open high-severity findings.\n',
      },
      {
        id: 'soc2-report',
        title: 'SOC 2 Type II report',
        version: '2026',
        visibility: 'gated',
        updated: '2026-02-01',
        body: '# SOC 2 report\n\nAvailable under NDA.\n',
      },
    ],
    policy: {
      maxResultAgeHours: 24,
      attestationMaxAgeDays: 365,
      onFailure: 'withhold',
      showUnverified: 'label',
      failOnError: false,
      allowCommands: false,
      allowActiveProbes: false,
      recheckIntervalMinutes: 60,
      hstsMinMaxAge: 31_536_000,
      certificateWarnDays: 30,
    },
    rollup: rollupOf(controls),
    changelog: [
      {
        date: '2026-11-20T14:03:00.000Z',
        kind: 'subprocessor',
        subject: 'sentry',
        title: 'New subprocessor: Sentry',
        text: 'Sentry (application error monitoring) starts processing data on 2026-12-15.',
      },
      {
        date: '2026-10-02',
        kind: 'control',
        subject: 'encryption-in-transit',
        title: 'Encryption in transit (version 3)',
        text: 'Minimum TLS raised to 1.2',
      },
    ],
  };
  return { ...structuredClone(snapshot), ...overrides };
}
