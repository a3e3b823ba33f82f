import { describe, expect, it } from 'vitest';
import { attesterName, attesterNames } from './attesters.ts';

const organisation = {
  name: 'Tallyworks',
  contacts: { security: 'security@tallyworks.example', privacy: 'dpo-desk@tallyworks.example' },
};

describe('attesterName', () => {
  it('names a person from a first.last address, never showing the address', () => {
    expect(attesterName('niamh.gallagher@tallyworks.example', organisation)).toBe(
      'Niamh Gallagher',
    );
    expect(attesterName('jean-luc_picard@x.example')).toBe('Jean Luc Picard');
  });

  it('names a role mailbox as its team, including the organisation’s own contacts', () => {
    expect(attesterName('security@picsui.example', organisation)).toBe('the security team');
    expect(attesterName('trust-and-safety@rowstr.example')).toBe('the trust and safety team');
    expect(attesterName('dpo-desk@tallyworks.example', organisation)).toBe('the privacy team');
  });

  it('keeps a named role as written and falls back to a neutral label', () => {
    expect(attesterName('Head of Security')).toBe('Head of Security');
    expect(attesterName('x7@tallyworks.example', organisation)).toBe(
      'a member of the Tallyworks team',
    );
  });

  it('names each attester once', () => {
    expect(
      attesterNames(['security@a.example', 'support@a.example', 'security@a.example']),
    ).toEqual(['the security team', 'the support team']);
  });
});
