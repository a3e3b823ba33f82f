import { describe, expect, it } from 'vitest';
import type { ChangelogEntry } from '../evaluate/snapshot.ts';
import { createSnapshotFixture } from '../evaluate/test-support/snapshot-fixture.ts';
import { composeNotification } from './notification-message.ts';

const unsubscribeUrl = 'https://trust.example.com/api/unsubscribe?token=abc';

const entries: ChangelogEntry[] = [
  {
    date: '2026-10-02',
    kind: 'control',
    subject: 'encryption-in-transit',
    title: 'Encryption in transit (version 3)',
    text: 'Minimum TLS raised to 1.2',
  },
  {
    date: '2026-11-20T14:03:00.000Z',
    kind: 'subprocessor',
    subject: 'sentry',
    title: 'New subprocessor: Sentry',
    text: 'Sentry (application error monitoring) starts processing data on 2026-12-15.',
  },
  {
    date: '2026-11-02',
    kind: 'subprocessor',
    subject: 'oldmail',
    title: 'Subprocessor leaving: Old Mail Inc.',
    text: 'Old Mail Inc. no longer sends our transactional email.',
  },
  {
    date: '2026-11-10',
    kind: 'certification',
    subject: 'soc2-type2',
    title: 'SOC 2 Type II renewed',
    text: 'Report covers 2026.',
  },
];

function compose(
  topic: 'subprocessors' | 'all',
  list: readonly ChangelogEntry[] = entries,
  snapshot = createSnapshotFixture(),
) {
  return composeNotification({
    snapshot,
    entries: list,
    subscriber: { email: 'dpo@customer.example', topic },
    unsubscribeUrl,
  });
}

describe('composeNotification', () => {
  it('names no notice period the organisation did not declare', () => {
    const snapshot = createSnapshotFixture();
    snapshot.subprocessors.noticeDays = undefined;
    const text = compose('subprocessors', entries, snapshot)?.text ?? '';
    expect(text).toContain(
      'Takes effect on 2026-12-15 (announced 2026-11-01). To object, write to privacy@example.com before 2026-12-15.',
    );
    expect(text).not.toMatch(/notice period|undefined/);
  });

  it('gives subprocessor subscribers only subprocessor changes, newest first, with dates', () => {
    const message = compose('subprocessors');
    expect(message?.subject).toBe('Example: 2 subprocessor changes');
    expect(message?.text).toMatchInlineSnapshot(`
      "Example published 2 subprocessor changes on its trust center:

      2026-11-20  New subprocessor: Sentry
        Sentry (application error monitoring) starts processing data on 2026-12-15.
        Takes effect on 2026-12-15 (announced 2026-11-01, 30-day notice period). To object, write to privacy@example.com before 2026-12-15.

      2026-11-02  Subprocessor leaving: Old Mail Inc.
        Old Mail Inc. no longer sends our transactional email.
        Takes effect on 2026-12-15.

      Trust center: https://trust.example.com

      You get this email because dpo@customer.example subscribed to subprocessor changes from Example.
      Unsubscribe: https://trust.example.com/api/unsubscribe?token=abc
      "
    `);
    expect(message?.text).not.toContain('Encryption in transit');
  });

  it('gives `all` subscribers every change in one message', () => {
    const message = compose('all');
    expect(message?.subject).toBe('Example: 4 trust center updates');
    const titles = [
      'New subprocessor: Sentry',
      'SOC 2 Type II renewed',
      'Subprocessor leaving: Old Mail Inc.',
      'Encryption in transit (version 3)',
    ];
    const positions = titles.map((title) => message?.text.indexOf(title) ?? -1);
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(message?.text).toContain('2026-10-02  Encryption in transit (version 3)');
    expect(message?.html).toContain('<li><strong>2026-11-10 · SOC 2 Type II renewed</strong>');
  });

  it('sends nothing when the publication holds nothing for the topic', () => {
    const controlsOnly = entries.filter((entry) => entry.kind === 'control');
    expect(compose('subprocessors', controlsOnly)).toBeUndefined();
    expect(compose('all', [])).toBeUndefined();
    expect(compose('all', controlsOnly)?.subject).toBe('Example: 1 trust center update');
  });

  it('names the trust page only when the organisation has one', () => {
    const snapshot = createSnapshotFixture();
    snapshot.organisation.url = undefined;
    const message = composeNotification({
      snapshot,
      entries,
      subscriber: { email: 'dpo@customer.example', topic: 'all' },
      unsubscribeUrl,
    });
    expect(message?.text).not.toContain('Trust center:');
    expect(message?.html).not.toContain('trust.example.com"');
    expect(compose('all')?.html).toContain('<a href="https://trust.example.com">');
  });

  it('escapes every value in the HTML part', () => {
    const snapshot = createSnapshotFixture();
    snapshot.organisation.name = 'Evil & Co <b>';
    const message = composeNotification({
      snapshot,
      entries: [
        {
          date: '2026-11-20',
          kind: 'control',
          subject: 'x',
          title: '<script>alert(1)</script>',
          text: 'He said "hi" & it\'s <img src=x onerror=alert(1)>\nsecond line',
        },
      ],
      subscriber: { email: 'a"b@customer.example', topic: 'all' },
      unsubscribeUrl: 'https://trust.example.com/u?token=a&b="c',
    });
    const html = message?.html ?? '';
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(
      'He said &quot;hi&quot; &amp; it&#39;s &lt;img src=x onerror=alert(1)&gt;<br>second line',
    );
    expect(html).toContain('Evil &amp; Co &lt;b&gt;');
    expect(html).toContain('href="https://trust.example.com/u?token=a&amp;b=&quot;c"');
    expect(message?.text).toContain('<script>alert(1)</script>');
  });
});

describe('a notification to a subscriber who signed up in French', () => {
  it('is written in French around the changes, with the HTML part marked lang="fr"', () => {
    const message = composeNotification({
      snapshot: createSnapshotFixture(),
      entries,
      subscriber: { email: 'dpo@customer.example', topic: 'subprocessors', language: 'fr' },
      unsubscribeUrl,
    });
    expect(message?.subject).toMatch(/ : 2 changements de sous-traitants$/);
    expect(message?.text).toMatch(
      /a publié 2 changements de sous-traitants sur son centre de confiance :/,
    );
    expect(message?.text).toMatch(/Pour vous y opposer, écrivez à .+ avant le 2026-12-15\./);
    expect(message?.text).toContain(`Se désabonner : ${unsubscribeUrl}`);
    expect(message?.html).toContain('<html lang="fr">');
  });
});
