import type { AccessGrantRow, AccessRequestRow, DownloadRow } from './schema.ts';

export type { AccessGrantRow, AccessRequestRow, DownloadRow };

/** A request as a prospect sends it, with the NDA clickwrap record. */
export type NewAccessRequest = Omit<
  AccessRequestRow,
  'id' | 'status' | 'decidedBy' | 'decidedAt' | 'language'
> & {
  /** The language the requester's mails are written in; absent, the default one. */
  language?: string | null;
};

/** A grant with how often its document was downloaded. */
export type GrantWithDownloads = AccessGrantRow & { downloads: number };

/** A grant behind a signed link, with its request's status and address. */
export interface GrantForDownload {
  grant: AccessGrantRow;
  status: AccessRequestRow['status'];
  email: string;
  name: string;
  company: string;
}

/** One download through a signed link, with who asked for it (for the admin's insight). */
export interface DownloadByViewer {
  at: string;
  documentId: string;
  grantId: number;
  requestId: number;
  name: string;
  email: string;
  company: string;
  watermark: string | null;
}

/** Requests for gated documents, their grants (signed links) and the downloads through them. */
export interface AccessRequests {
  /** Stores a new pending request. */
  create(request: NewAccessRequest): Promise<AccessRequestRow>;
  /** Decides a pending request; undefined when it is not pending (or does not exist). */
  decide(
    id: number,
    decision: { status: 'approved' | 'rejected'; by: string; at: string },
  ): Promise<AccessRequestRow | undefined>;
  /** One request; undefined when there is none. */
  byId(id: number): Promise<AccessRequestRow | undefined>;
  /** Newest requests first. */
  list(limit: number): Promise<AccessRequestRow[]>;
  grant(grant: Omit<AccessGrantRow, 'id' | 'revokedAt'>): Promise<AccessGrantRow>;
  /** Revokes every live grant of a request; returns how many were revoked. */
  revokeGrants(requestId: number, at: string): Promise<number>;
  /** The grants of these requests, each with its download count. */
  grantsOf(requestIds: readonly number[]): Promise<GrantWithDownloads[]>;
  /** The grant `grantId` for `documentId`, with its request; undefined when there is none. */
  grantForDownload(grantId: number, documentId: string): Promise<GrantForDownload | undefined>;
  recordDownload(download: Omit<DownloadRow, 'id'>): Promise<void>;
  /** Every download, oldest first. */
  downloads(): Promise<DownloadRow[]>;
  /** The downloads at or after `since` (ISO time), newest first, at most `limit`. */
  downloadsSince(since: string, limit: number): Promise<DownloadByViewer[]>;
}
