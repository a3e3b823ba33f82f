import type { CheckStatus } from '../checks/types.ts';
import type { ClaimStatus } from '../schema/claim-status.ts';
import type {
  Category,
  Certification,
  Control,
  Disclosure,
  DocumentFrontMatter,
  FaqEntry,
  Policy,
  Processing,
  Subprocessor,
  TrustCenter,
} from '../schema/index.ts';

export { type ClaimStatus, claimStatuses, publishedClaimStatuses } from '../schema/claim-status.ts';

/** Version of the Snapshot format; bumped on any incompatible change. */
export const snapshotFormatVersion = 1;

/** What became of one automated check when the control was evaluated. */
export type CheckState = CheckStatus | 'stale' | 'missing' | 'waived';

/** One evidence item of a control, as evaluated. */
export type EvidenceSummary =
  | {
      kind: 'check';
      id: string | undefined;
      check: string;
      /** As declared: `${ENV}` references unexpanded. */
      target: string;
      description: string | undefined;
      /**
       * The declared expectation with the policy's fallbacks filled in (HSTS's minimum
       * max-age), so the same check can be re-run from outside. Absent in snapshots stored
       * before it was recorded.
       */
      expect?: Record<string, unknown> | undefined;
      state: CheckState;
      /** When the result used was produced (ISO), if there is one. */
      at: string | undefined;
      observed: unknown;
      expected: unknown;
      message: string;
      waiver: { reason: string; expires: string; active: boolean } | undefined;
    }
  | {
      kind: 'attestation';
      id: string | undefined;
      statement: string;
      by: string;
      date: string;
      expires: string | undefined;
      document: string | undefined;
      /** `expired`: past `expires`; `too-old`: older than policy.attestationMaxAgeDays. */
      state: 'current' | 'expired' | 'too-old';
    }
  | {
      kind: 'inherited';
      id: string | undefined;
      provider: string;
      providerName: string;
      statement: string;
      certification: string | undefined;
    };

/** A control as published: its claim, its status with the reason, and the evidence behind it. */
export interface SnapshotControl {
  id: string;
  title: string;
  category: string;
  version: number;
  updated: string;
  owner: string;
  /** Never `internal`: internal controls are not part of a snapshot. */
  visibility: 'public' | 'gated';
  /** What the organisation declared (implemented, in-progress, planned, not-applicable). */
  declared: 'implemented' | 'in-progress' | 'planned' | 'not-applicable';
  status: ClaimStatus;
  /** One sentence saying why the control has its status, with the evidence and time. */
  reason: string;
  /** The oldest passing check time behind a `verified` status (ISO). */
  verifiedAt: string | undefined;
  claim: string;
  details: string | undefined;
  /** The title, claim and details in other languages (`translations:`); absent when none. */
  translations?: Control['translations'];
  evidence: EvidenceSummary[];
  frameworks: Record<string, string[]>;
  /** Declared concept ids (`topics:`); absent when none are declared. */
  topics?: string[];
  answers: Array<{ question: string; answer: 'yes' | 'no' | 'n/a'; comment: string | undefined }>;
  changelog: Array<{ version: number; date: string; note: string }>;
  /** Set when the gate or `showUnverified: withhold` keeps the claim off every public output. */
  withheld: { reason: string } | undefined;
}

/** A subprocessor with where it stands today. */
export interface SnapshotSubprocessor extends Subprocessor {
  /** `current`; `upcoming`: announced, not yet effective; `leaving`: removal announced; `past`: removed. */
  state: 'current' | 'upcoming' | 'leaving' | 'past';
}

/** A certification with its status re-checked against its validity dates. */
export type SnapshotCertification = Certification & {
  /** `certified` past `validUntil` becomes `lapsed`; otherwise the declared status. */
  effectiveStatus: Certification['status'] | 'lapsed';
  /** Names of the providers an inherited certification comes from. */
  providerNames: string[];
};

/** One entry of the public changelog. */
export interface ChangelogEntry {
  date: string;
  kind: 'control' | 'subprocessor' | 'certification' | 'document';
  /** Id of what changed (control, subprocessor, certification or document id). */
  subject: string;
  title: string;
  text: string;
  /**
   * Stable identity across publications (`control/<id>/v<version>` for a control's own entry,
   * `<kind>/<subject>/<event>/<publishedAt>` for one derived from a diff): changelogs merge on
   * it without duplicates, and feeds can use it as the entry id.
   */
  id?: string;
}

/** Counts by claim status, overall and per category. */
export interface Rollup {
  byStatus: Record<ClaimStatus, number>;
  byCategory: Record<string, Record<ClaimStatus, number>>;
  verifiedAutomatically: number;
  attested: number;
  inherited: number;
}

/**
 * The one object every renderer reads: an organisation evaluated against its evidence at
 * one moment, versioned by a hash of its content.
 */
export interface Snapshot {
  formatVersion: typeof snapshotFormatVersion;
  /** sha256 (hex) of the canonical JSON of everything except this field. */
  contentHash: string;
  /** When the snapshot's inputs last changed (newest result, file or commit; SOURCE_DATE_EPOCH wins). */
  publishedAt: string;
  gitCommit: string | undefined;
  organisation: TrustCenter;
  categories: Array<{
    id: string;
    title: string;
    description: string | undefined;
    order: number;
    /** Absent when the category declares no translations. */
    translations?: Category['translations'];
  }>;
  /** Public and gated controls, in category order then id; never internal ones. */
  controls: SnapshotControl[];
  certifications: SnapshotCertification[];
  subprocessors: {
    /** Days of notice before a new subprocessor starts; undefined when none is declared. */
    noticeDays: number | undefined;
    listing: 'public' | 'on-request';
    requestContact: string | undefined;
    entries: SnapshotSubprocessor[];
  };
  disclosure: Disclosure | undefined;
  processing: Processing | undefined;
  faq: Array<{
    question: string;
    answer: string;
    short: 'yes' | 'no' | 'n/a' | undefined;
    controls: string[];
    /** Absent when the entry declares no translations. */
    translations?: FaqEntry['translations'];
  }>;
  documents: Array<DocumentFrontMatter & { body: string }>;
  policy: Policy;
  rollup: Rollup;
  changelog: ChangelogEntry[];
}
