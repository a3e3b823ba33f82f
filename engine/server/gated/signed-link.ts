import { signToken, verifyToken } from '../auth/signed-token.ts';

/** What a gated-document link carries: its grant, its document and its expiry (ms). */
export interface LinkPayload {
  g: number;
  d: string;
  x: number;
}

/** The path of a signed, expiring link to one document of one grant. */
export function signedDocumentPath(secret: Buffer, payload: LinkPayload): string {
  return `/documents/access/${payload.d}/${signToken(secret, 'gated', payload)}`;
}

/** Why a link does not open a document. */
export type LinkProblem = 'invalid' | 'other-document' | 'expired';

/** The grant a link stands for, or why it does not work (signature, scope, expiry). */
export function readDocumentLink(
  secret: Buffer,
  documentId: string,
  token: string,
  now: Date,
): { ok: true; payload: LinkPayload } | { ok: false; problem: LinkProblem } {
  const payload = verifyToken(secret, 'gated', token) as Partial<LinkPayload> | undefined;
  if (
    typeof payload?.g !== 'number' ||
    typeof payload.d !== 'string' ||
    typeof payload.x !== 'number'
  ) {
    return { ok: false, problem: 'invalid' };
  }
  if (payload.d !== documentId) return { ok: false, problem: 'other-document' };
  if (payload.x <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, payload: payload as LinkPayload };
}
