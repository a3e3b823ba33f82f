import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 (hex) of a token; the store keeps only this, never the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
