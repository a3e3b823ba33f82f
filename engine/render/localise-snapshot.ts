import type { Snapshot } from '../evaluate/snapshot.ts';
import type { Language } from '../schema/index.ts';

/** `entry` with each field its `translations:` gives for `language` put in place of the source. */
function translated<Entry extends { translations?: Partial<Record<Language, object>> }>(
  entry: Entry,
  language: Language,
): Entry {
  const fields = entry.translations?.[language];
  return fields ? { ...entry, ...fields } : entry;
}

/**
 * The snapshot with the organisation's text in `language` wherever it declares a translation
 * (profile, categories, controls, certifications, FAQ); text without one stays in the source
 * language. For outputs that cannot mark a fallback inline (PDFs); the trust site marks each
 * fallback itself. Pure.
 */
export function localiseSnapshot(snapshot: Snapshot, language: Language): Snapshot {
  return {
    ...snapshot,
    organisation: translated(snapshot.organisation, language),
    categories: snapshot.categories.map((category) => translated(category, language)),
    controls: snapshot.controls.map((control) => translated(control, language)),
    certifications: snapshot.certifications.map((entry) => translated(entry, language)),
    faq: snapshot.faq.map((entry) => translated(entry, language)),
  };
}
