import type { MailMessage } from '../mail/mailer.ts';

/** One notification email to one subscriber. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The subscriber's unsubscribe link; sent as List-Unsubscribe (and one-click when https). */
  unsubscribeUrl: string;
  publicationId: number;
  subscriberId: number;
}

/**
 * A publication notice as the mailer sends it: List-Unsubscribe (plus RFC 8058
 * List-Unsubscribe-Post for https links), Auto-Submitted, a Message-ID derived from the
 * publication and subscriber, and in outbox mode the file `<time>-<publicationId>-<subscriberId>.eml`.
 */
export function notificationMail(mail: OutgoingMail): MailMessage {
  const oneClick = mail.unsubscribeUrl.startsWith('https://');
  return {
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // Stable across re-runs, so a receiving server can drop a duplicate of the same notice.
    messageKey: `attest.publication-${mail.publicationId}.subscriber-${mail.subscriberId}`,
    fileName: `${mail.publicationId}-${mail.subscriberId}`,
    headers: {
      'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
      // RFC 8058 one-click unsubscribe; the RFC allows it only for https links.
      ...(oneClick ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      'Auto-Submitted': 'auto-generated',
    },
  };
}
