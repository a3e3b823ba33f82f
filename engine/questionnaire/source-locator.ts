/** Where in the organisation's files a piece of knowledge is declared. */
export interface SourceRef {
  /** Organisation-relative path, e.g. `controls/encryption-at-rest.yaml`. */
  file: string;
  /** 1-based line. */
  line: number;
}

/** A piece of the organisation's files an answer can rest on. */
export type SourceKey =
  | { kind: 'control'; id: string }
  | { kind: 'faq'; index: number }
  | { kind: 'certification'; id: string }
  | { kind: 'subprocessor'; id: string }
  | { kind: 'subprocessors' }
  | { kind: 'disclosure'; field?: string }
  | { kind: 'processing'; field?: string }
  | { kind: 'profile'; field?: string };

/** Finds the file and line of a piece of knowledge, or undefined when it is not known. */
export type SourceLocator = (key: SourceKey) => SourceRef | undefined;

/** A locator that knows no files (answers still cite trust-page URLs). */
export const noSources: SourceLocator = () => undefined;
