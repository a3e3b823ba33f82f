import type { AuditAnchorRow, AuditRow } from './schema.ts';

export type { AuditAnchorRow, AuditRow };

/** The stored audit log: rows of the hash chain and its anchor. The chain rules are engine/audit's. */
export interface AuditRows {
  /** The newest entry's hash, or undefined when the log is empty. */
  headHash(): Promise<string | undefined>;
  insert(entry: Omit<AuditRow, 'id'>): Promise<AuditRow>;
  count(): Promise<number>;
  /** Newest entries first. */
  recent(limit: number): Promise<AuditRow[]>;
  /** Up to `limit` entries with an id above `afterId`, in id order (to walk the chain in pages). */
  page(afterId: number, limit: number): Promise<AuditRow[]>;
  /** The anchor (one row), if written. */
  anchor(): Promise<AuditAnchorRow | undefined>;
  saveAnchor(anchor: Omit<AuditAnchorRow, 'id'>): Promise<void>;
}
