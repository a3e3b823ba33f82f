import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs `payload` for one purpose (e.g. `gated`, `confirm`): `base64url(JSON).base64url(HMAC)`.
 * The purpose is part of the MAC, so a token made for one use is worthless for another.
 */
export function signToken(secret: Buffer, purpose: string, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, purpose, body)}`;
}

function mac(secret: Buffer, purpose: string, body: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${body}`).digest('base64url');
}

/**
 * The payload of a token this secret signed for this purpose, or undefined when the token
 * is malformed or its signature does not match (compared in constant time).
 */
export function verifyToken(secret: Buffer, purpose: string, token: string): unknown {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > 2_000) return undefined;
  const expected = Buffer.from(mac(secret, purpose, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
