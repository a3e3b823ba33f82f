import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../evaluate/snapshot.ts';
import { diffSnapshots } from '../../publish/diff.ts';
import { queuePublicationEvents } from '../../publish/publication-events.ts';
import { type Receiver, startReceiver } from '../test-support/webhook-receiver.ts';
import { createTestServer, type TestServer } from '../test-support.ts';

const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
let server: TestServer;
let slack: Receiver;
const clock = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  slack = await startReceiver('/services/T0001/B0001/abcdefghijklmnopqrstuvwx');
  server = await createTestServer({
    now: () => clock,
    allowDomains: ['customer.example'],
    webhookPolicy: { allowPrivate: true, allowHosts: [] },
    slack: { webhookUrl: slack.url, signingSecret },
  });
});
afterAll(async () => {
  await server.close();
  await slack.close();
});

interface Block {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: {
    type: string;
    action_id?: string;
    value?: string;
    style?: string;
    text?: { type: string; text: string };
  }[];
}

/** What Slack's incoming webhooks would refuse in a Block Kit message (the rules we rely on). */
function blockKitProblems(message: { text?: string; blocks?: Block[] }): string[] {
  const problems: string[] = [];
  if (!message.text) problems.push('no fallback text');
  const blocks = message.blocks ?? [];
  if (blocks.length === 0 || blocks.length > 50) problems.push('1 to 50 blocks');
  const textObject = (
    object: { type: string; text: string } | undefined,
    max: number,
    where: string,
  ) => {
    if (!object) return;
    if (object.type !== 'plain_text' && object.type !== 'mrkdwn')
      problems.push(`${where}: text type ${object.type}`);
    if (object.text.length === 0 || object.text.length > max)
      problems.push(`${where}: text length ${object.text.length}`);
  };
  for (const [index, block] of blocks.entries()) {
    const where = `block ${index} (${block.type})`;
    if (!['header', 'section', 'actions', 'context', 'divider'].includes(block.type))
      problems.push(`${where}: unknown type`);
    if (block.type === 'header') {
      if (block.text?.type !== 'plain_text') problems.push(`${where}: header must be plain_text`);
      textObject(block.text, 150, where);
    }
    if (block.type === 'section') {
      if (!block.text && !block.fields) problems.push(`${where}: needs text or fields`);
      textObject(block.text, 3000, where);
      for (const field of block.fields ?? []) textObject(field, 2000, `${where} field`);
      if ((block.fields?.length ?? 0) > 10) problems.push(`${where}: more than 10 fields`);
    }
    if (block.type === 'actions') {
      for (const element of block.elements ?? []) {
        if (element.type !== 'button') problems.push(`${where}: ${element.type}`);
        if (element.text?.type !== 'plain_text')
          problems.push(`${where}: button text must be plain_text`);
        textObject(element.text, 75, `${where} button`);
        if (!element.action_id || element.action_id.length > 255)
          problems.push(`${where}: action_id`);
        if (element.style && !['primary', 'danger'].includes(element.style))
          problems.push(`${where}: style`);
      }
    }
  }
  return problems;
}

/** Signs a body as Slack does: `v0=` hex HMAC-SHA256 of `v0:timestamp:body`. */
function slackHeaders(
  body: string,
  timestamp: number,
  secret = signingSecret,
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': `v0=${signature}`,
    // Slack's servers send no Origin; the signature is what authorises the request.
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
}

function clickBody(action: string, requestId: number): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U024BE7LH', username: 'ada.ops', name: 'ada.ops' },
    team: { id: 'T0001' },
    actions: [
      {
        action_id: action,
        block_id: `attest_request_${requestId}`,
        value: String(requestId),
        type: 'button',
      },
    ],
    // Slack's would be on hooks.slack.com; the local stand-in shares the incoming webhook's origin.
    response_url: new URL('/actions/T0001/1/xyz', slack.url).href,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const interact = (body: string, headers: Record<string, string>) =>
  server.app.request(`${server.origin}/api/slack/interactions`, { method: 'POST', body, headers });

const now = () => Math.floor(clock.getTime() / 1000);

async function requestAccess(email: string): Promise<number> {
  const response = await server.postForm('/api/access-requests', {
    document: ['pentest-summary', 'soc2-readiness-letter'],
    name: 'Grace <!channel> Hopper',
    email,
    company: 'Customer Ltd',
    reason: 'Vendor review *urgent*',
    nda: 'accept',
  });
  expect(response.status).toBe(200);
  return (await server.store.accessRequests.list(1))[0]?.id ?? 0;
}

describe('Slack', () => {
  let requestId = 0;

  it('posts a Block Kit message for a new access request, with Approve and Reject buttons', async () => {
    requestId = await requestAccess('grace@prospect.example');
    await server.webhooks.drain();
    expect(slack.received).toHaveLength(1);
    const [post] = slack.received;
    expect(post?.path).toBe('/services/T0001/B0001/abcdefghijklmnopqrstuvwx');
    expect(post?.headers['content-type']).toBe('application/json');
    const message = JSON.parse(post?.body ?? '{}');
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.text).toBe(
      `New document request #${requestId} from Grace <!channel> Hopper (Customer Ltd)`,
    );
    const shown = JSON.stringify(message.blocks);
    for (const fact of [
      'grace@prospect.example',
      'Customer Ltd',
      'pentest-summary, soc2-readiness-letter',
      'Vendor review *urgent*',
      'version',
    ])
      expect(shown).toContain(fact);
    // What the visitor typed is plain text: no mention or formatting reaches the channel.
    const sections = (message.blocks as Block[]).filter((block) => block.type === 'section');
    expect(
      sections.flatMap((block) => block.fields ?? []).every((field) => field.type === 'plain_text'),
    ).toBe(true);
    const actions = (message.blocks as Block[]).find((block) => block.type === 'actions');
    expect(
      actions?.elements?.map((button) => [
        button.action_id,
        button.value,
        button.style,
        button.text?.text,
      ]),
    ).toEqual([
      ['attest_approve', String(requestId), 'primary', 'Approve'],
      ['attest_reject', String(requestId), 'danger', 'Reject'],
    ]);
  });

  it('says an allow-listed request was approved automatically, without buttons', async () => {
    slack.received.length = 0;
    await requestAccess('linus@customer.example');
    await server.webhooks.drain();
    const message = JSON.parse(slack.received[0]?.body ?? '{}');
    expect(blockKitProblems(message)).toEqual([]);
    expect((message.blocks as Block[]).some((block) => block.type === 'actions')).toBe(false);
    expect(JSON.stringify(message.blocks)).toContain('Approved automatically');
  });

  it('approves through a correctly signed click, as the Slack user, through the admin code path', async () => {
    await server.webhooks.drain();
    slack.received.length = 0;
    const body = clickBody('attest_approve', requestId);
    const headers = slackHeaders(body, now());
    const response = await interact(body, headers);
    expect(response.status).toBe(200);
    expect((await response.json()).text).toBe(`Request #${requestId} approved by <@U024BE7LH>.`);
    const row = (await server.store.accessRequests.list(10)).find(
      (entry) => entry.id === requestId,
    );
    expect(row?.status).toBe('approved');
    expect(row?.decidedBy).toBe('slack:U024BE7LH (ada.ops)');
    const audit = await server.store.audit.recent(20);
    expect(audit.find((entry) => entry.action === 'access.approve')?.actor).toBe(
      'slack:U024BE7LH (ada.ops)',
    );
    // The same approval as the admin area's: one signed link per document, by mail.
    const mails = await server.mails();
    const approval = mails.find(
      (mail) =>
        mail.subject === 'Your document access was approved' && mail.text?.includes('Grace'),
    );
    expect(approval?.text).toContain('/documents/access/pentest-summary/');
    // The message whose buttons were clicked is replaced with the decision (through the queue).
    await server.webhooks.drain();
    const reply = slack.received.find((post) => post.path === '/actions/T0001/1/xyz');
    expect(JSON.parse(reply?.body ?? '{}')).toMatchObject({
      replace_original: true,
      text: `Request #${requestId} approved by <@U024BE7LH>.`,
    });

    // The same signed request again, within the five minutes: a replay.
    const replay = await interact(body, headers);
    expect(replay.status).toBe(409);
    expect((await replay.json()).error.message).toContain('already handled (a replay)');
  });

  it('rejects through a signed click; a second click on a decided request changes nothing', async () => {
    const other = await requestAccess('alan@prospect.example');
    const body = clickBody('attest_reject', other);
    const response = await interact(body, slackHeaders(body, now()));
    expect(response.status).toBe(200);
    expect(
      (await server.store.accessRequests.list(10)).find((entry) => entry.id === other)?.status,
    ).toBe('rejected');
    const again = clickBody('attest_approve', other);
    const late = await interact(again, slackHeaders(again, now() + 1));
    expect(late.status).toBe(200);
    expect((await late.json()).text).toContain('not pending any more');
    expect(
      (await server.store.accessRequests.list(10)).find((entry) => entry.id === other)?.status,
    ).toBe('rejected');
  });

  it('refuses bad signatures, stale timestamps, missing headers, bad payloads and oversized bodies with 4xx reasons, audited', async () => {
    const pending = await requestAccess('eve@prospect.example');
    const body = clickBody('attest_approve', pending);
    const cases: [string, Response | Promise<Response>, number, string][] = [
      [
        'wrong secret',
        interact(body, slackHeaders(body, now(), 'not-the-secret')),
        401,
        'signature does not match',
      ],
      [
        'tampered body',
        interact(body.replace('ada.ops', 'eve'), slackHeaders(body, now())),
        401,
        'signature does not match',
      ],
      [
        'six minutes old',
        interact(body, slackHeaders(body, now() - 360)),
        401,
        'more than five minutes',
      ],
      [
        'from the future',
        interact(body, slackHeaders(body, now() + 400)),
        401,
        'more than five minutes',
      ],
      [
        'no signature',
        interact(body, { 'Content-Type': 'application/x-www-form-urlencoded' }),
        401,
        'header is missing',
      ],
      [
        'not JSON',
        interact('payload=%7Bnope', slackHeaders('payload=%7Bnope', now())),
        400,
        'not JSON',
      ],
      [
        'another action',
        interact(
          clickBody('something_else', pending),
          slackHeaders(clickBody('something_else', pending), now() + 2),
        ),
        400,
        'not an Approve or Reject',
      ],
    ];
    for (const [label, call, status, reason] of cases) {
      const response = await call;
      expect(response.status, label).toBe(status);
      expect((await response.json()).error.message, label).toContain(reason);
    }
    const huge = `payload=${'x'.repeat(40 * 1024)}`;
    const oversized = await interact(huge, slackHeaders(huge, now()));
    expect(oversized.status).toBe(413);
    expect(
      (await server.store.accessRequests.list(10)).find((entry) => entry.id === pending)?.status,
    ).toBe('pending');
    const refusals = (await server.store.audit.recent(100)).filter(
      (entry) => entry.action === 'slack.refused',
    );
    expect(refusals.map((entry) => entry.target)).toEqual(
      expect.arrayContaining([
        'the Slack signature does not match',
        'the request timestamp is more than five minutes away (a replay, or a wrong clock)',
        'this signed request was already handled (a replay)',
        'oversized payload: The body is larger than 32 KiB.',
      ]),
    );
  });

  it('posts a message when a public claim starts failing, and not for other status changes', async () => {
    await server.webhooks.drain();
    slack.received.length = 0;
    const before = server.snapshot;
    const verified = before.controls.find((control) => control.visibility === 'public');
    const gated = before.controls.find((control) => control.visibility !== 'public');
    expect(verified).toBeDefined();
    const after: Snapshot = {
      ...before,
      controls: before.controls.map((control) =>
        control.id === verified?.id
          ? { ...control, status: 'failing', reason: 'tls: certificate expires in 3 days' }
          : control.id === gated?.id
            ? { ...control, status: 'failing', reason: 'gated control failing' }
            : control,
      ),
    };
    await server.store.transaction((tx) =>
      queuePublicationEvents(tx, {
        id: 2,
        snapshot: after,
        previous: undefined,
        diff: diffSnapshots(before, after),
        at: clock,
      }),
    );
    await server.webhooks.drain();
    expect(slack.received).toHaveLength(1);
    const message = JSON.parse(slack.received[0]?.body ?? '{}');
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.text).toBe(`Claim failing: ${verified?.title}`);
    expect(JSON.stringify(message.blocks)).toContain('tls: certificate expires in 3 days');
  });
});
