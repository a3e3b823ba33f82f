import { z } from 'zod';
import { nonEmpty, slug } from './common.ts';

/** A DNS name such as `acme.com`: labels of letters, digits and dashes, at least two. */
export const domainPattern =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Domains where anybody can get an address: approving them would approve everybody, so a
 * rule may not name them and a CRM row naming one is skipped.
 */
export const freeMailDomains: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'yandex.com',
  'mail.com',
  'zoho.com',
]);

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(domainPattern, 'expected an email domain such as acme.com (no scheme, no @, no path)')
  .refine((value) => !freeMailDomains.has(value), {
    message: 'a free-mail domain: anybody can get an address there, so it would approve everyone',
  });

const csvPath = z
  .string()
  .regex(
    /^(?![/\\])(?!.*(?:^|[/\\])\.\.(?:[/\\]|$))[^\0]+\.csv$/i,
    'expected the path of a .csv file inside policies/, e.g. crm/accounts.csv',
  );

/** One way a gated-document request is approved without waiting for a person. */
export const accessRule = z
  .strictObject({
    id: slug.describe(
      'Name of the rule: it is written to the audit log with every approval it makes.',
    ),
    description: nonEmpty
      .optional()
      .describe('What the rule is for, for the people who maintain it.'),
    domains: z
      .array(domain)
      .min(1, 'list at least one domain, or leave the key out')
      .optional()
      .describe(
        'Email domains approved at once; their subdomains too (eu.acme.com matches acme.com).',
      ),
    crm: z
      .strictObject({
        file: csvPath.describe(
          'CSV export of account domains from your CRM, relative to policies/ (e.g. crm/accounts.csv).',
        ),
        column: nonEmpty
          .optional()
          .describe(
            'Header of the column holding the domain or website. Default: the first column named domain, website, url or email domain. URLs and addresses are reduced to their domain.',
          ),
      })
      .optional()
      .describe('Approve the domains of the accounts in a CRM export.'),
    days: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe(
        'Days the download links of an approval by this rule work. Default: the server’s (7).',
      ),
  })
  .refine((rule) => rule.domains !== undefined || rule.crm !== undefined, {
    message: 'give the rule `domains`, `crm` or both',
  });

/** `policies/access.yaml`: which access requests for gated documents are approved at once. */
export const access = z.strictObject({
  rules: z
    .array(accessRule)
    .default([])
    .describe(
      'Rules tried in order; the first that matches the requester’s email domain approves.',
    ),
});

export type AccessRule = z.output<typeof accessRule>;
export type Access = z.output<typeof access>;
