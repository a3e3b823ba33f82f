import { describe, expect, it } from 'vitest';
import type { SnapshotControl } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { renderOutputs } from './outputs.ts';

/** An http check of a URL carrying a user name, a password, a token and a fragment. */
function checkWithSecrets(): SnapshotControl['evidence'][number] {
  const url = 'https://ops:hunter2@status.example.com:8443/health?token=s3cr3t&x=1#frag';
  return {
    kind: 'check',
    id: 'status',
    check: 'http',
    target: url,
    description: undefined,
    state: 'pass',
    at: '2026-11-20T14:02:00.000Z',
    observed: { status: 200, url: 'https://ops:***@status.example.com:8443/health?token=s3cr3t' },
    expected: { status: 200 },
    message: 'https://ops:***@status.example.com:8443/health?token=s3cr3t answered 200',
    waiver: undefined,
  };
}

function outputsWithSecretTarget() {
  const snapshot = createSnapshotFixture();
  const first = snapshot.controls[0];
  if (!first) throw new Error('fixture has no controls');
  first.evidence = [checkWithSecrets()];
  return { outputs: renderOutputs(snapshot), id: first.id };
}

describe('published outputs', () => {
  it('publish check targets with scheme, host, port and path only: no user, password, query or fragment', () => {
    const { outputs, id } = outputsWithSecretTarget();
    for (const name of ['snapshot.json', 'trust.json']) {
      const text = outputs.get(name) ?? '';
      for (const secret of ['//ops', 'ops:', 'hunter2', 's3cr3t', 'token=', '#frag', '***']) {
        expect(text, `${name} shows ${secret}`).not.toContain(secret);
      }
      expect(text).toContain('"https://status.example.com:8443/health"');
    }
    const snapshot = JSON.parse(outputs.get('snapshot.json') ?? '{}');
    const control = snapshot.controls.find((item: { id: string }) => item.id === id);
    expect(control.evidence[0]).toMatchObject({
      target: 'https://status.example.com:8443/health',
      message: 'https://status.example.com:8443/health answered 200',
      observed: { status: 200, url: 'https://status.example.com:8443/health' },
    });
  });

  it('publish in snapshot.json no owner, no engine settings, no commit and no gated or withheld claim', () => {
    const text = renderOutputs(createSnapshotFixture()).get('snapshot.json') ?? '';
    const snapshot = JSON.parse(text);
    expect(text).not.toContain('"owner"');
    expect(snapshot.policy).toBeUndefined();
    expect(snapshot.gitCommit).toBeUndefined();
    expect(text).not.toContain('onFailure');
    expect(text).not.toContain('allowCommands');
    const ids = snapshot.controls.map((control: { id: string }) => control.id);
    expect(ids).not.toContain('tenant-isolation');
    expect(ids).not.toContain('multi-factor-authentication');
    expect(snapshot.controls.length).toBeGreaterThan(0);
  });

  it('publish no subprocessor in snapshot.json when the list is only given on request', () => {
    const snapshot = createSnapshotFixture();
    expect(snapshot.subprocessors.entries.length).toBeGreaterThan(0);
    snapshot.subprocessors.listing = 'on-request';
    const published = JSON.parse(renderOutputs(snapshot).get('snapshot.json') ?? '{}');
    expect(published.subprocessors).toMatchObject({ listing: 'on-request', entries: [] });
  });
});
