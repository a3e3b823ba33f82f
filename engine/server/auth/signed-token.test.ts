import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from './signed-token.ts';

const secret = Buffer.alloc(32, 9);

describe('signed tokens', () => {
  it('give their payload back to the purpose they were signed for', () => {
    const token = signToken(secret, 'confirm', { s: 1, e: 'ada@customer.example' });
    expect(verifyToken(secret, 'confirm', token)).toEqual({ s: 1, e: 'ada@customer.example' });
  });

  it('are refused for any other purpose', () => {
    const token = signToken(secret, 'confirm', { s: 1, x: 9_999_999_999_999 });
    for (const purpose of ['gated', 'totp-enrol', 'confirm ', '']) {
      expect(verifyToken(secret, purpose, token), purpose).toBeUndefined();
    }
  });

  it('are refused under another secret or with a changed payload or signature', () => {
    const token = signToken(secret, 'gated', { g: 7 });
    const [body, signature] = token.split('.');
    expect(verifyToken(Buffer.alloc(32, 8), 'gated', token)).toBeUndefined();
    const forged = Buffer.from(JSON.stringify({ g: 8 })).toString('base64url');
    expect(verifyToken(secret, 'gated', `${forged}.${signature}`)).toBeUndefined();
    expect(verifyToken(secret, 'gated', `${body}.${signature}x`)).toBeUndefined();
    expect(verifyToken(secret, 'gated', `${token}.extra`)).toBeUndefined();
  });
});
