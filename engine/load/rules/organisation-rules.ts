import type { Diagnostic } from '../../source/diagnostic.ts';
import { fileStem } from '../classify.ts';
import { addDays, daysBetween, diagnosticAt, type Rule } from './context.ts';

/** Categories, subprocessors and documents have unique ids; document ids match file names. */
export const checkOrganisationIds: Rule = ({ profile, subprocessors, documents }) => {
  const diagnostics: Diagnostic[] = [];
  const duplicates = <T>(items: readonly T[], id: (item: T) => string) =>
    items.flatMap((item, index) =>
      items.findIndex((other) => id(other) === id(item)) < index ? [index] : [],
    );
  if (profile) {
    for (const index of duplicates(profile.value.categories, (category) => category.id)) {
      diagnostics.push(
        diagnosticAt(
          profile,
          ['categories', index, 'id'],
          'category-duplicate',
          `category "${profile.value.categories[index]?.id}" is declared twice`,
          {
            hint: 'merge the two declarations',
          },
        ),
      );
    }
  }
  if (subprocessors) {
    const entries = subprocessors.value.subprocessors;
    for (const index of duplicates(entries, (entry) => entry.id)) {
      diagnostics.push(
        diagnosticAt(
          subprocessors,
          ['subprocessors', index, 'id'],
          'id-duplicate',
          `subprocessor id "${entries[index]?.id}" is used twice`,
          {
            hint: 'give each provider its own id',
          },
        ),
      );
    }
  }
  const seen = new Map<string, string>();
  for (const document of documents) {
    const { id } = document.value;
    const stem = fileStem(document.source.file);
    if (id !== stem) {
      diagnostics.push(
        diagnosticAt(
          document,
          ['id'],
          'id-mismatch',
          `id "${id}" does not match the file name "${stem}"`,
          {
            hint: `rename the file to ${id}.md or set id: ${stem}`,
          },
        ),
      );
    }
    const first = seen.get(id);
    if (first) {
      diagnostics.push(
        diagnosticAt(
          document,
          ['id'],
          'id-duplicate',
          `document id "${id}" is already used by ${first}`,
        ),
      );
    } else seen.set(id, document.source.file);
  }
  return diagnostics;
};

/** The logo names an image file that is there (when the caller listed the images). */
export const checkLogoFile: Rule = ({ profile, images }) => {
  const logo = profile?.value.branding.logo;
  if (!profile || !logo || !images) return [];
  const path = logo.replace(/\/\.(?=\/)/g, '').replace(/^\.\//, '');
  if (images.includes(path)) return [];
  return [
    diagnosticAt(
      profile,
      ['branding', 'logo'],
      'logo-missing',
      `the logo policies/${logo} does not exist`,
      { hint: 'add the file under policies/, or correct the path (it is relative to policies/)' },
    ),
  ];
};

/** Announced subprocessor changes respect the notice period. */
export const checkSubprocessorChanges: Rule = ({ subprocessors }) => {
  if (!subprocessors) return [];
  const diagnostics: Diagnostic[] = [];
  const { noticeDays } = subprocessors.value;
  for (const [index, entry] of subprocessors.value.subprocessors.entries()) {
    const path = ['subprocessors', index];
    const { announced, effective, change } = entry;
    if (
      (announced === undefined) !== (effective === undefined) ||
      (change !== undefined && announced === undefined)
    ) {
      diagnostics.push(
        diagnosticAt(
          subprocessors,
          [...path, announced === undefined ? 'id' : 'announced'],
          'subprocessor-change-dates',
          `subprocessor "${entry.id}" has an incomplete change: give change, announced and effective together`,
          {
            hint: 'a change needs the date customers were told (announced) and the date it happens (effective)',
          },
        ),
      );
      continue;
    }
    if (
      noticeDays !== undefined &&
      announced !== undefined &&
      effective !== undefined &&
      effective < addDays(announced, noticeDays)
    ) {
      diagnostics.push(
        diagnosticAt(
          subprocessors,
          [...path, 'effective'],
          'notice-period-too-short',
          `"${entry.name}" takes effect ${daysBetween(announced, effective)} days after it was announced; the notice period is ${noticeDays} days`,
          {
            hint: `set effective to ${addDays(announced, noticeDays)} or later`,
          },
        ),
      );
    }
  }
  return diagnostics;
};

/** Certification periods and security.txt expiry make sense. */
export const checkDates: Rule = ({ certifications, disclosure, today }) => {
  const diagnostics: Diagnostic[] = [];
  for (const [index, certification] of (certifications?.value.certifications ?? []).entries()) {
    if (
      certifications &&
      certification.status === 'certified' &&
      certification.validUntil <= certification.validFrom
    ) {
      diagnostics.push(
        diagnosticAt(
          certifications,
          ['certifications', index, 'validUntil'],
          'certification-dates',
          `"${certification.name}" is valid until ${certification.validUntil}, not after ${certification.validFrom}`,
          {
            hint: 'validUntil must be later than validFrom',
          },
        ),
      );
    }
  }
  if (disclosure) {
    const expires = disclosure.value.securityTxt.expires;
    const path = ['securityTxt', 'expires'];
    if (expires === undefined) {
      // Relative to each publication: it cannot go out of date.
    } else if (expires.slice(0, 10) <= today) {
      diagnostics.push(
        diagnosticAt(
          disclosure,
          path,
          'security-txt-expiry',
          `security.txt expired on ${expires.slice(0, 10)}; RFC 9116 clients will ignore it`,
          {
            hint: 'use expiresInDays (e.g. 180) so every publication renews it, or set a date less than a year ahead',
          },
        ),
      );
    } else if (daysBetween(today, expires) > 366) {
      diagnostics.push(
        diagnosticAt(
          disclosure,
          path,
          'security-txt-expiry',
          `security.txt expires ${daysBetween(today, expires)} days from now; RFC 9116 recommends less than a year`,
          {
            hint: `set expires to ${addDays(today, 365)} or earlier, and renew it`,
            severity: 'warning',
          },
        ),
      );
    }
  }
  return diagnostics;
};
