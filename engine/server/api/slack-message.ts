/** Action ids of the buttons on a new access request's Slack message. */
export const slackActions = { approve: 'attest_approve', reject: 'attest_reject' } as const;

interface RequestData {
  id: number;
  status: string;
  name: string;
  email: string;
  company: string;
  reason: string;
  documents: string[];
  nda: { version: string; acceptedAt: string };
}

interface ClaimData {
  control: { id: string; title: string };
  before: string;
  after: string;
  reason: string;
}

/** Text Slack shows as typed (no mentions, links or formatting from what a visitor wrote). */
const plain = (text: string, max = 2_000) => ({
  type: 'plain_text',
  text: (text.length > max ? `${text.slice(0, max - 1)}…` : text) || '—',
});

/** A labelled field; the value is the visitor's text, shown as plain text. */
const field = (label: string, value: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text: `*${label}*` },
  fields: [plain(value)],
});

function accessRequestMessage(data: RequestData) {
  const title = `New document request #${data.id}`;
  const blocks: unknown[] = [
    { type: 'header', text: plain(title, 150) },
    field('Who', `${data.name} <${data.email}>`),
    field('Company', data.company),
    field('Documents', data.documents.join(', ')),
    field('Reason', data.reason),
    field(
      'NDA accepted',
      `version ${data.nda.version} at ${data.nda.acceptedAt.replace('T', ' ').slice(0, 16)} UTC`,
    ),
  ];
  if (data.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: `attest_request_${data.id}`,
      elements: [
        {
          type: 'button',
          action_id: slackActions.approve,
          style: 'primary',
          text: plain('Approve'),
          value: String(data.id),
        },
        {
          type: 'button',
          action_id: slackActions.reject,
          style: 'danger',
          text: plain('Reject'),
          value: String(data.id),
        },
      ],
    });
  } else {
    blocks.push({
      type: 'context',
      elements: [plain('Approved automatically (allow-listed email domain).')],
    });
  }
  return { text: `${title} from ${data.name} (${data.company})`, blocks };
}

function failingClaimMessage(data: ClaimData) {
  const title = `Claim failing: ${data.control.title}`;
  return {
    text: title,
    blocks: [
      { type: 'header', text: plain(title, 150) },
      {
        type: 'section',
        text: plain(
          `"${data.control.title}" (${data.control.id}) went from ${data.before} to ${data.after} and is withdrawn from the trust page: ${data.reason}`,
        ),
      },
    ],
  };
}

/** The event type of a reply to a click: it replaces the message the buttons were on. */
export const slackReplyType = 'slack.reply';

/**
 * Whether Slack's `response_url` of a click may be posted to: https on hooks.slack.com, or
 * the origin of the configured incoming webhook (a Slack-compatible service, or a test).
 */
export function isSlackResponseUrl(url: string, webhookUrl: string | undefined): boolean {
  try {
    const target = new URL(url);
    if (target.protocol === 'https:' && target.hostname === 'hooks.slack.com') return true;
    return webhookUrl !== undefined && target.origin === new URL(webhookUrl).origin;
  } catch {
    return false;
  }
}

/** The queued body of a reply to a click: where it goes and what it says. */
export function slackReplyBody(responseUrl: string, text: string, at: string): string {
  return JSON.stringify({ type: slackReplyType, timestamp: at, data: { responseUrl, text } });
}

/**
 * What to post to Slack for a queued body: to the incoming webhook, the Block Kit message
 * for a new access request (with Approve and Reject buttons, or a note that it was approved
 * automatically) or for a public claim that started failing; to a click's `response_url`,
 * the decision, replacing the message whose buttons were clicked. Undefined for events Slack
 * is not told about, or a reply to a URL that is not Slack's.
 */
export function slackDelivery(
  body: string,
  webhookUrl: string | undefined,
): { url: string | undefined; message: Record<string, unknown> } | undefined {
  const event = JSON.parse(body) as { type: string; data: unknown };
  if (event.type === 'access_request.created')
    return { url: webhookUrl, message: accessRequestMessage(event.data as RequestData) };
  if (event.type === 'claim.status_changed')
    return { url: webhookUrl, message: failingClaimMessage(event.data as ClaimData) };
  if (event.type === slackReplyType) {
    const { responseUrl, text } = event.data as { responseUrl: string; text: string };
    if (!isSlackResponseUrl(responseUrl, webhookUrl)) return undefined;
    return {
      url: responseUrl,
      message: {
        replace_original: true,
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      },
    };
  }
  return undefined;
}
