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
});
