import { z } from 'zod';

/** A lowercase slug: letters, digits and single dashes, e.g. `encryption-in-transit`. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes');

/** A calendar date written as YYYY-MM-DD. */
export const isoDate = z.iso.date({ message: 'write dates as YYYY-MM-DD' });

/** A date (YYYY-MM-DD) or a full ISO 8601 timestamp with an offset. */
export const isoDateOrTime = z.union([isoDate, z.iso.datetime({ offset: true })], {
  message: 'write a date as YYYY-MM-DD or a timestamp as 2026-12-31T23:59:59Z',
});

export const email = z.email({ message: 'expected an email address' });

export const httpUrl = z.url({
  protocol: /^https?$/,
  message: 'expected an absolute http(s) URL',
});

export const httpsUrl = z.url({ protocol: /^https$/, message: 'expected an https:// URL' });

/** Markdown text; rendered with raw HTML removed. */
export const markdown = z.string().min(1, 'must not be empty');

export const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A regular expression written as a string; it must compile. */
export const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const durationPattern = /^(\d+)\s*(hours?|days?|business days?|weeks?)$/;

/** The unit of a {@link Duration}. */
export type DurationUnit = 'hours' | 'days' | 'business-days' | 'weeks';

/** A span of time as authors write it: `72 hours`, `2 business days`, `30 days`. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

function toUnit(word: string): DurationUnit {
  if (word.startsWith('business')) return 'business-days';
  if (word.startsWith('hour')) return 'hours';
  if (word.startsWith('week')) return 'weeks';
  return 'days';
}

export const duration = z
  .string()
  .regex(durationPattern, 'write a duration like "72 hours", "2 business days" or "4 weeks"')
  .transform((text): Duration => {
    const [, amount = '0', unit = 'days'] = durationPattern.exec(text.trim()) ?? [];
    return { amount: Number(amount), unit: toUnit(unit) };
  });

/** Formats a {@link Duration} back into the words an author wrote. */
export function formatDuration({ amount, unit }: Duration): string {
  const word = unit === 'business-days' ? 'business day' : unit.replace(/s$/, '');
  return `${amount} ${word}${amount === 1 ? '' : 's'}`;
}

/** The visibility of a control or document. */
export const visibility = z
  .enum(['public', 'gated', 'internal'])
  .describe(
    'public: on the trust page and feeds. gated: only for approved requesters. internal: never published.',
  );
