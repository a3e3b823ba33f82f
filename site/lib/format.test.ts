import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatValue, machineTime, valueRows } from './format.ts';

describe('format', () => {
  it('writes dates and times in UTC, the same on every machine', () => {
    expect(formatDate('2026-11-03')).toBe('3 Nov 2026');
    expect(formatDate('2026-01-23T23:59:59Z')).toBe('23 Jan 2026');
    expect(formatDateTime('2026-11-23T19:29:40.866Z')).toBe('23 Nov 2026, 19:29 UTC');
    expect(formatDateTime('2026-11-23T23:30:00+02:00')).toBe('23 Nov 2026, 21:30 UTC');
    expect(formatDateTime('2026-11-23')).toBe('23 Nov 2026');
    expect(machineTime('2026-11-23T19:29:40.866Z')).toBe('2026-11-23T19:29:40Z');
    expect(machineTime('2026-11-23')).toBe('2026-11-23');
  });

  it('turns check values into readable rows', () => {
    expect(formatValue({ a: true, b: ['x', 2], c: { d: null } })).toBe('a: yes; b: x, 2; c: d: —');
    expect(valueRows({ path: 'TLS', value: 'on', file: 'secret.env' }, new Set(['file']))).toEqual([
      ['path', 'TLS'],
      ['value', 'on'],
    ]);
    expect(valueRows('TLSv1.3')).toEqual([['value', 'TLSv1.3']]);
    expect(valueRows(undefined)).toEqual([]);
  });
});

describe('dates in another language', () => {
  it('are written in that language, English as before', () => {
    expect(formatDate('2026-11-23')).toBe('23 Nov 2026');
    expect(formatDate('2026-11-23', 'fr')).toBe('23 nov. 2026');
    expect(formatDate('2026-03-04', 'de')).toBe('4. März 2026');
    expect(formatDateTime('2026-11-23T19:29:00Z', 'es')).toBe('23 nov 2026, 19:29 UTC');
  });
});
