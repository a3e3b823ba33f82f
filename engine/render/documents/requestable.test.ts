import { describe, expect, it } from 'vitest';
import { publicSnapshot } from '../../evaluate/public-view.ts';
import { createSnapshotFixture } from '../../evaluate/test-support/snapshot-fixture.ts';
import { requestableDocuments } from './requestable.ts';

describe('requestableDocuments', () => {
  it('offers the gated documents and, without a DPA of its own, the generated one', () => {
    const snapshot = createSnapshotFixture();
    snapshot.documents = snapshot.documents.filter((document) => document.id !== 'dpa');
    const gated = snapshot.documents.filter((document) => document.visibility === 'gated');
    expect(gated.length).toBeGreaterThan(0);
    const offered = requestableDocuments(publicSnapshot(snapshot)).map((document) => document.id);
    expect(offered).toEqual([...gated.map((document) => document.id), 'dpa']);
  });

  it('offers no second DPA when the organisation writes its own, public or gated', () => {
    for (const visibility of ['public', 'gated'] as const) {
      const snapshot = createSnapshotFixture();
      snapshot.documents = [
        ...snapshot.documents.filter((document) => document.id !== 'dpa'),
        {
          id: 'dpa',
          title: 'Our DPA',
          version: '2',
          visibility,
          updated: '2026-01-01',
          description: undefined,
          draft: undefined,
          body: 'Terms.',
        },
      ];
      const offered = requestableDocuments(snapshot).filter((document) => document.id === 'dpa');
      expect(offered.map((document) => document.title)).toEqual(
        visibility === 'gated' ? ['Our DPA'] : [],
      );
    }
  });
});
