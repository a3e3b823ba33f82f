import { describe, expect, it } from 'vitest';
import { disclosure } from '../schema/index.ts';
import { renderSecurityTxt } from './security-txt.ts';

describe('renderSecurityTxt', () => {
  it('writes every RFC 9116 field the policy provides, with a full Expires timestamp', () => {
    const policy = disclosure.parse({
      contact: { email: 'security@acme.example', url: 'https://acme.example/report' },
      instructions: 'Email us.',
      pgpKey: 'https://acme.example/pgp.asc',
      securityTxt: {
        expires: '2027-06-30',
        preferredLanguages: ['en', 'de'],
        canonical: ['https://trust.acme.example/.well-known/security.txt'],
      },
    });
    expect(renderSecurityTxt(policy, { policyUrl: 'https://trust.acme.example/disclosure' })).toBe(
      [
        'Contact: mailto:security@acme.example',
        'Contact: https://acme.example/report',
        'Expires: 2027-06-30T23:59:59Z',
        'Encryption: https://acme.example/pgp.asc',
        'Preferred-Languages: en, de',
        'Canonical: https://trust.acme.example/.well-known/security.txt',
        'Policy: https://trust.acme.example/disclosure',
        '',
      ].join('\n'),
    );
  });

  it('renews Expires with every publication when the policy gives expiresInDays', () => {
    const policy = disclosure.parse({
      contact: { email: 'security@acme.example' },
      instructions: 'Email us.',
      securityTxt: { expiresInDays: 180 },
    });
    const text = renderSecurityTxt(policy, { publishedAt: '2026-12-07T09:30:00.000Z' });
    expect(text).toContain('Expires: 2027-06-05T09:30:00Z\n');
    expect(renderSecurityTxt(policy, { publishedAt: '2027-03-01T00:00:00.000Z' })).toContain(
      'Expires: 2027-08-28T00:00:00Z\n',
    );
  });

  it('takes exactly one of a fixed expiry and a number of days', () => {
    const base = { contact: { email: 'security@acme.example' }, instructions: 'Email us.' };
    expect(disclosure.safeParse({ ...base, securityTxt: {} }).success).toBe(false);
    expect(
      disclosure.safeParse({ ...base, securityTxt: { expires: '2027-01-01', expiresInDays: 90 } })
        .success,
    ).toBe(false);
  });

  it('says first, in a comment parsers ignore, that the trust center is a draft', () => {
    const policy = disclosure.parse({
      contact: { email: 'security@acme.example' },
      instructions: 'Email us.',
      securityTxt: { expires: '2027-06-30' },
    });
    const text = renderSecurityTxt(policy, { draft: 'Pending\nlegal review' });
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# Draft: Pending legal review',
      'Contact: mailto:security@acme.example',
    ]);
    expect(renderSecurityTxt(policy)).not.toContain('#');
  });
});
