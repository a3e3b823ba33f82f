import { z } from 'zod';
import { claimStatuses } from '../schema/claim-status.ts';
import { type Snapshot, snapshotFormatVersion } from './snapshot.ts';

const changelogEntry = z.looseObject({
  date: z.string(),
  kind: z.enum(['control', 'subprocessor', 'certification', 'document']),
  subject: z.string(),
  title: z.string(),
  text: z.string(),
});

const control = z.looseObject({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  version: z.number(),
  visibility: z.enum(['public', 'gated']),
  status: z.enum(claimStatuses),
  reason: z.string(),
  claim: z.string(),
  evidence: z.array(z.looseObject({ kind: z.enum(['check', 'attestation', 'inherited']) })),
  frameworks: z.record(z.string(), z.array(z.string())),
  answers: z.array(z.looseObject({ question: z.string(), answer: z.enum(['yes', 'no', 'n/a']) })),
  changelog: z.array(z.looseObject({ version: z.number(), date: z.string(), note: z.string() })),
});

/**
 * A Snapshot as stored and read back (a publication's JSON): its format version, and the
 * fields every reader relies on, checked before the object is trusted as a Snapshot. Fields
 * that are `undefined` in memory are absent in JSON, so optional parts are not required.
 */
export const storedSnapshotSchema = z.looseObject({
  formatVersion: z.literal(snapshotFormatVersion),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  publishedAt: z.string(),
  organisation: z.looseObject({ name: z.string(), contacts: z.looseObject({}) }),
  categories: z.array(z.looseObject({ id: z.string(), title: z.string(), order: z.number() })),
  controls: z.array(control),
  certifications: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  subprocessors: z.looseObject({
    listing: z.enum(['public', 'on-request']),
    entries: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  }),
  faq: z.array(z.looseObject({ question: z.string(), answer: z.string() })),
  documents: z.array(z.looseObject({ id: z.string(), title: z.string(), body: z.string() })),
  policy: z.looseObject({}),
  rollup: z.looseObject({ byStatus: z.record(z.string(), z.number()) }),
  changelog: z.array(changelogEntry),
});

/** Thrown when stored JSON is not a Snapshot this version of Attest can read. */
export class InvalidSnapshotError extends Error {
  override name = 'InvalidSnapshotError';
}

/**
 * Checks stored JSON against {@link storedSnapshotSchema} and returns it as a Snapshot, or
 * throws an {@link InvalidSnapshotError} naming `source` and the first problems found.
 */
export function parseStoredSnapshot(value: unknown, source: string): Snapshot {
  const parsed = storedSnapshotSchema.safeParse(value);
  if (parsed.success) return parsed.data as unknown as Snapshot;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new InvalidSnapshotError(
    `${source} does not hold a readable snapshot (${problems}). It was written by another version of Attest or changed by hand; publish again to store a fresh one.`,
  );
}
