import { describe, expect, it } from 'vitest';
import { disclosure, subprocessors, trustCenter } from './index.ts';

describe('a default is not a declaration', () => {
  it('leaves the notice period undefined when subprocessors.yaml does not declare one', () => {
    expect(subprocessors.parse({ subprocessors: [] }).noticeDays).toBeUndefined();
    expect(subprocessors.parse({ noticeDays: 30 }).noticeDays).toBe(30);
  });

  it('leaves the bounty undefined when disclosure.yaml says nothing about one', () => {
    const base = {
      contact: { email: 'security@acme.example' },
      instructions: 'Email us.',
      securityTxt: { expiresInDays: 180 },
    };
    expect(disclosure.parse(base).bounty).toBeUndefined();
    expect(disclosure.parse({ ...base, bounty: { offered: false } }).bounty).toEqual({
      offered: false,
    });
  });

  it('gives the page no dates and no draft state it did not declare', () => {
    const profile = trustCenter.parse({
      name: 'Acme',
      legalName: 'Acme Ltd',
      website: 'https://acme.example',
      intro: 'Hello.',
      contacts: { security: 'security@acme.example' },
      categories: [{ id: 'encryption', title: 'Encryption' }],
    });
    expect([profile.updated, profile.effective, profile.draft]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
