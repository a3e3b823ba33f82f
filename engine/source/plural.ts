/**
 * A count with its noun in the right number: `plural(1, 'check')` → `1 check`,
 * `plural(3, 'entry', 'entries')` → `3 entries`. English only; the plural form defaults to
 * the singular plus `s`.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** The verb agreeing with a count: `agree(1, 'needs', 'need')` → `needs`. */
export function agree(count: number, singular: string, pluralForm: string): string {
  return count === 1 ? singular : pluralForm;
}
