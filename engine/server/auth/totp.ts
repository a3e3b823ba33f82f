import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { hashToken } from './tokens.ts';

/** A TOTP (RFC 6238: SHA-1, 6 digits, 30 s) for one user's secret. */
function totpFor(secret: string, label = 'admin'): TOTP {
  return new TOTP({ issuer: 'Attest', label, secret: Secret.fromBase32(secret) });
}

/** A fresh 160-bit secret (base32) and its otpauth:// URI for an authenticator app. */
export function newTotpSecret(email: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpFor(secret, email).toString() };
}

/** The length of one TOTP time step. */
const stepMs = 30_000;

/**
 * The time step `code` belongs to, when it is a valid code now (one step of clock drift
 * either way) and its step is later than `lastStep` — the step of the last code accepted,
 * so each code works once. Undefined otherwise.
 */
export function totpStep(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now.getTime() / stepMs) + delta;
  return lastStep === null || step > lastStep ? step : undefined;
}

/** The current code, for tests and for the enrolment check. */
export function currentTotp(secret: string, now: Date): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}

/**
 * Ten one-time backup codes (`xxxxxxxx-xxxxxxxx`: 64 random bits, too many to guess from a
 * leaked hash) and their SHA-256 hashes for the store.
 */
export function newBackupCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const hex = randomBytes(8).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8)}`;
  });
  return { codes, hashes: codes.map((code) => hashToken(code)) };
}

/** The hashes left after using `code`, or undefined when it is not one of them. */
export function useBackupCode(hashes: readonly string[], code: string): string[] | undefined {
  const hash = hashToken(code.trim().toLowerCase());
  return hashes.includes(hash) ? hashes.filter((entry) => entry !== hash) : undefined;
}
