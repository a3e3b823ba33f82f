import type {
  Certification,
  Control,
  Disclosure,
  DocumentFrontMatter,
  FaqEntry,
  Policy,
  Processing,
  Subprocessors,
  TrustCenter,
} from '../schema/index.ts';

/** A markdown document from `policies/documents/`. */
export interface OrganisationDocument {
  meta: DocumentFrontMatter;
  /** Markdown body after the front matter. */
  body: string;
  /** Organisation-relative path of the file. */
  file: string;
  /** 1-based line where the body starts, for diagnostics inside the body. */
  bodyLine: number;
}

/** Where a control is declared, for reports that point into the YAML (SARIF, diagnostics). */
export interface ControlSource {
  /** Organisation-relative path of the file. */
  file: string;
  /** 1-based position of each `evidence` item, in order. */
  evidence: Array<{ line: number; column: number }>;
}

import type { AccessPolicy } from './access-rules.ts';

/** Everything an organisation declares, typed and cross-checked. */
export interface Organisation {
  profile: TrustCenter;
  controls: Control[];
  subprocessors: Subprocessors;
  certifications: Certification[];
  disclosure: Disclosure | undefined;
  policy: Policy;
  processing: Processing | undefined;
  faq: FaqEntry[];
  documents: OrganisationDocument[];
  /**
   * Auto-approval rules of gated-document requests (`policies/access.yaml` and the CRM
   * exports it names); absent without that file. Never published: it is who the customers are.
   */
  access?: AccessPolicy;
  /** Control id → where it is declared: its file and the position of each evidence item. */
  controlSources: Record<string, ControlSource>;
}
