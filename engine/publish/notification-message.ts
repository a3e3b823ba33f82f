import type { ChangelogEntry, Snapshot } from '../evaluate/snapshot.ts';
import { isSupportedLanguage, type Translate, translator } from '../language/i18n/translate.ts';
import { escapeXml } from '../render/xml.ts';

/** What a subscriber asked to hear about: subprocessor changes only, or every change. */
export type NotificationTopic = 'subprocessors' | 'all';

/** Everything one notification email is made from. */
export interface NotificationInput {
  /** The snapshot just published (organisation, subprocessors and their notice rules). */
  snapshot: Snapshot;
  /** The changelog entries this publication added, in any order. */
  entries: readonly ChangelogEntry[];
  /** `language`: the one the subscriber signed up in; absent, the organisation's first. */
  subscriber: { email: string; topic: NotificationTopic; language?: string | null };
  /** The subscriber's own one-click unsubscribe link. */
  unsubscribeUrl: string;
}

/** One email, as plain text and as HTML. */
export interface NotificationMessage {
  subject: string;
  text: string;
  html: string;
}

/** One change as shown in the email: its date, headline, text and any notice about it. */
interface Item {
  date: string;
  title: string;
  text: string;
  notice: string | undefined;
}

/** Escapes text for HTML; `&#39;` rather than `&apos;`, which old mail clients do not know. */
function escapeHtml(text: string): string {
  return escapeXml(text).replace(/&apos;/g, '&#39;');
}

/** The date part of a date or timestamp (`2026-11-20T14:03:00Z` → `2026-11-20`). */
function dayOf(date: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? date;
}

/** The entries a subscriber of `topic` hears about, newest first. */
function entriesFor(
  topic: NotificationTopic,
  entries: readonly ChangelogEntry[],
): ChangelogEntry[] {
  return entries
    .filter((entry) => topic === 'all' || entry.kind === 'subprocessor')
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** For a subprocessor change still ahead: when it takes effect and how long customers may object. */
function subprocessorNotice(
  snapshot: Snapshot,
  entry: ChangelogEntry,
  t: Translate,
): string | undefined {
  if (entry.kind !== 'subprocessor') return undefined;
  const { noticeDays, entries } = snapshot.subprocessors;
  const provider = entries.find((candidate) => candidate.id === entry.subject);
  if (provider?.effective === undefined) return undefined;
  const contacts = snapshot.organisation.contacts;
  const objectTo = contacts.privacy ?? contacts.legal ?? contacts.security;
  const when = [
    provider.announced === undefined
      ? undefined
      : t('mail.notice.announced', { date: provider.announced }),
    noticeDays === undefined ? undefined : t('mail.notice.noticePeriod', { days: noticeDays }),
  ].filter((part) => part !== undefined);
  const takesEffect = t('mail.notice.takesEffect', { date: provider.effective });
  if (provider.state === 'upcoming') {
    // "Takes effect on D (announced A, 30-day notice period). To object, …"
    const effect =
      when.length > 0 ? takesEffect.replace(/\.$/, ` (${when.join(', ')}).`) : takesEffect;
    return `${effect} ${t('mail.notice.object', { contact: objectTo, date: provider.effective })}`;
  }
  if (provider.state === 'leaving') return takesEffect;
  return undefined;
}

function subjectOf(
  snapshot: Snapshot,
  topic: NotificationTopic,
  count: number,
  t: Translate,
): string {
  const name = snapshot.organisation.name;
  return topic === 'subprocessors'
    ? t('mail.notice.subjectSubprocessors', { name, count })
    : t('mail.notice.subjectAll', { name, count });
}

function whyText(input: NotificationInput, t: Translate): string {
  const values = { email: input.subscriber.email, name: input.snapshot.organisation.name };
  return input.subscriber.topic === 'subprocessors'
    ? t('mail.notice.whySubprocessors', values)
    : t('mail.notice.whyAll', values);
}

/** The language a subscriber's mail is written in, and its words. */
function languageOf(input: NotificationInput): { lang: string; t: Translate } {
  const chosen = input.subscriber.language ?? input.snapshot.organisation.languages[0] ?? 'en';
  const lang = isSupportedLanguage(chosen) ? chosen : 'en';
  return { lang, t: translator(lang) };
}

function renderText(
  input: NotificationInput,
  lead: string,
  items: readonly Item[],
  t: Translate,
): string {
  const url = input.snapshot.organisation.url;
  const blocks = items.map((item) =>
    [
      `${dayOf(item.date)}  ${item.title}`,
      ...item.text.split('\n').map((line) => `  ${line}`),
      ...(item.notice === undefined ? [] : [`  ${item.notice}`]),
    ].join('\n'),
  );
  return [
    lead,
    ...blocks,
    ...(url === undefined ? [] : [t('mail.notice.trustCenter', { url })]),
    `${whyText(input, t)}\n${t('mail.notice.unsubscribeLine', { url: input.unsubscribeUrl })}`,
  ]
    .join('\n\n')
    .concat('\n');
}

function renderHtml(
  input: NotificationInput,
  subject: string,
  lead: string,
  items: readonly Item[],
  { lang, t }: { lang: string; t: Translate },
): string {
  const { organisation } = input.snapshot;
  const list = items.map((item) => {
    const text = escapeHtml(item.text).replace(/\n/g, '<br>');
    const notice = item.notice === undefined ? '' : `<br><em>${escapeHtml(item.notice)}</em>`;
    return `<li><strong>${escapeHtml(dayOf(item.date))} · ${escapeHtml(item.title)}</strong><br>${text}${notice}</li>`;
  });
  const link =
    organisation.url === undefined
      ? ''
      : `<p><a href="${escapeHtml(organisation.url)}">${escapeHtml(t('mail.notice.trustCenterLink', { name: organisation.name }))}</a></p>\n`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em">',
    `<p>${escapeHtml(lead)}</p>`,
    `<ul>\n${list.join('\n')}\n</ul>`,
    `${link}<p style="font-size: small; color: #555">${escapeHtml(whyText(input, t))} <a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(t('mail.notice.unsubscribe'))}</a></p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Composes the one email a subscriber gets for a publication: every change of its topic
 * merged (subprocessor changes only for `subprocessors`, everything for `all`), newest
 * first, each with its date; upcoming subprocessors say when they take effect and how long
 * customers may object. Returns `undefined` when the publication holds nothing for the
 * topic, so no mail is sent. Every value in the HTML part is escaped.
 */
export function composeNotification(input: NotificationInput): NotificationMessage | undefined {
  const selected = entriesFor(input.subscriber.topic, input.entries);
  if (selected.length === 0) return undefined;
  const language = languageOf(input);
  const { t } = language;
  const items = selected.map((entry) => ({
    date: entry.date,
    title: entry.title,
    text: entry.text,
    notice: subprocessorNotice(input.snapshot, entry, t),
  }));
  const subject = subjectOf(input.snapshot, input.subscriber.topic, items.length, t);
  const values = { name: input.snapshot.organisation.name, count: items.length };
  const lead =
    input.subscriber.topic === 'subprocessors'
      ? t('mail.notice.leadSubprocessors', values)
      : t('mail.notice.leadAll', values);
  return {
    subject,
    text: renderText(input, lead, items, t),
    html: renderHtml(input, subject, lead, items, language),
  };
}
