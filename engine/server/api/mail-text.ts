/**
 * Text that a visitor typed (a report title, a requester's name) goes into mail sent from
 * the organisation's security address. Put there verbatim, it lets anyone write that mail:
 * newlines start a paragraph that reads like ours ("Please reset your password at …").
 * These helpers turn such text into data: one line, capped, quoted and labelled.
 */

/** Longest submitted text quoted in a mail body, in characters (an ellipsis marks a cut). */
export const quotedTextLimit = 200;

/**
 * Control characters, line and paragraph separators, and the bidirectional overrides that
 * can make quoted text display in another order than it was written.
 */
const unsafeCharacters = /[\p{Cc}\p{Zl}\p{Zp}\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]+/gu;

/**
 * `value` on one line: control characters and line breaks become single spaces, runs of
 * whitespace collapse, and text longer than `limit` characters is cut with an ellipsis.
 */
export function singleLine(value: string, limit = quotedTextLimit): string {
  const flat = value.replace(unsafeCharacters, ' ').replace(/\s+/g, ' ').trim();
  const characters = Array.from(flat);
  return characters.length <= limit ? flat : `${characters.slice(0, limit - 1).join('')}…`;
}

/**
 * A line of a mail body that quotes what a visitor submitted, marked as theirs, e.g.
 * `Title (as submitted): "Stored XSS in search"`. Quotes inside the text are escaped, so
 * the quoted part cannot be closed early to make the rest read as the sender's words.
 */
export function quoteSubmitted(label: string, value: string, asSubmitted = 'as submitted'): string {
  return `${label} (${asSubmitted}): ${JSON.stringify(singleLine(value))}`;
}
