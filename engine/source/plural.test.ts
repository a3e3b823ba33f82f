import { describe, expect, it } from 'vitest';
import { agree, plural } from './plural.ts';

describe('plural', () => {
  it('puts the noun in the singular for exactly one, the plural otherwise (zero included)', () => {
    expect(plural(1, 'check')).toBe('1 check');
    expect(plural(0, 'check')).toBe('0 checks');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(`${plural(1, 'control')} ${agree(1, 'needs', 'need')} review`).toBe(
      '1 control needs review',
    );
    expect(`${plural(3, 'control')} ${agree(3, 'needs', 'need')} review`).toBe(
      '3 controls need review',
    );
  });
});
