import { describe, expect, it } from 'vitest';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { subprocessorsJson } from '../schema/trust-json.ts';
import { renderSubprocessorsJson } from './subprocessors-json.ts';

function parse(text: string) {
  return subprocessorsJson.parse(JSON.parse(text));
}

describe('renderSubprocessorsJson', () => {
  it('lists current, upcoming and leaving providers with their details and dates', () => {
    const list = parse(renderSubprocessorsJson(createSnapshotFixture()));
    expect(list).toMatchObject({
      formatVersion: 2,
      organisation: 'Example',
      publishedAt: '2026-11-20T14:03:00.000Z',
      noticeDays: 30,
      listing: 'public',
      requestContact: null,
    });
    expect(list.entries).toHaveLength(4);
    expect(list.entries?.[0]).toEqual({
      id: 'aws',
      name: 'Amazon Web Services',
      entity: null,
      purpose: 'Hosting and storage.',
      location: 'Ireland (eu-west-1)',
      dataCategories: ['Account data'],
      transferMechanism: 'none',
      certifications: ['SOC 2 Type II', 'ISO 27001'],
      website: null,
      state: 'current',
      since: '2025-01-01',
      announced: null,
      effective: null,
    });
    expect(list.entries?.find((entry) => entry.id === 'sentry')).toMatchObject({
      state: 'upcoming',
      since: null,
      announced: '2026-11-01',
      effective: '2026-12-15',
    });
    expect(list.entries?.find((entry) => entry.id === 'oldmail')).toMatchObject({
      state: 'leaving',
      since: '2025-01-01',
      effective: '2026-12-15',
    });
  });

  it('dates a provider whose addition took effect from that day', () => {
    const snapshot = createSnapshotFixture();
    const added = snapshot.subprocessors.entries.find((entry) => entry.id === 'sentry');
    if (!added) throw new Error('fixture has no upcoming subprocessor');
    added.state = 'current';
    const list = parse(renderSubprocessorsJson(snapshot));
    expect(list.entries?.find((entry) => entry.id === 'sentry')).toMatchObject({
      state: 'current',
      since: '2026-12-15',
    });
  });

  it('leaves out providers whose removal has taken effect', () => {
    const snapshot = createSnapshotFixture();
    const leaving = snapshot.subprocessors.entries.find((entry) => entry.id === 'oldmail');
    if (!leaving) throw new Error('fixture has no leaving subprocessor');
    leaving.state = 'past';
    const list = parse(renderSubprocessorsJson(snapshot));
    expect(list.entries?.map((entry) => entry.id)).toEqual(['aws', 'stripe', 'sentry']);
  });

  it('gives the listing mode and request contact, and no entries, when listed on request', () => {
    const snapshot = createSnapshotFixture();
    snapshot.subprocessors.listing = 'on-request';
    snapshot.subprocessors.requestContact = 'privacy@example.com';
    const text = renderSubprocessorsJson(snapshot);
    expect(parse(text)).toMatchObject({
      listing: 'on-request',
      requestContact: 'privacy@example.com',
      entries: null,
    });
    for (const name of ['Amazon Web Services', 'Stripe', 'Sentry', 'Old Mail']) {
      expect(text).not.toContain(name);
    }
  });

  it('is byte-identical for the same snapshot', () => {
    expect(renderSubprocessorsJson(createSnapshotFixture())).toBe(
      renderSubprocessorsJson(createSnapshotFixture()),
    );
  });
});
