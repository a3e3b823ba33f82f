import { z } from 'zod';
import { email, httpUrl, isoDate, markdown, nonEmpty, slug } from './common.ts';
import { language, supportedLanguages, translations } from './translations.ts';

/**
 * A logo path as the trust page can publish it: a relative path to an .svg or .png file that
 * stays inside policies/. The page makes no request to another host, so a URL is refused.
 */
const localLogo =
  /^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/\\])(?!.*(?:^|[/\\])\.\.(?:[/\\]|$)).+\.(?:[sS][vV][gG]|[pP][nN][gG])$/;

/** Why a logo path is refused, and how to fix it; undefined when it is fine. */
function logoProblem(logo: string): { message: string; hint: string } | undefined {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(logo))
    return {
      message: 'the trust page loads nothing from other hosts, so the logo cannot be a URL',
      hint: 'save the logo under policies/ (e.g. policies/brand/logo.svg) and write its path: logo: brand/logo.svg',
    };
  if (!/\.(?:svg|png)$/i.test(logo))
    return {
      message: 'the logo must be an .svg or .png file',
      hint: "convert it to SVG or PNG and give that file's path",
    };
  if (!localLogo.test(logo))
    return {
      message: 'the logo must be a file inside policies/',
      hint: 'move it under policies/ and give its path relative to that folder, e.g. brand/logo.svg',
    };
  return undefined;
}

/** `branding.logo`: the JSON Schema carries {@link localLogo} as its pattern. */
const logoPath = z
  .string()
  .superRefine((logo, context) => {
    const problem = logoProblem(logo);
    if (problem)
      context.addIssue({
        code: 'custom',
        message: problem.message,
        params: { hint: problem.hint },
      });
  })
  .meta({
    description:
      'Path of the logo file relative to policies/ (SVG or PNG), published as /brand/logo.<ext>. A URL is refused: the trust page loads nothing from other hosts.',
    pattern: localLogo.source,
  });

/** A heading on the trust page that groups controls. */
export const category = z.strictObject({
  id: slug.describe('Id that controls name in their `category` field.'),
  title: nonEmpty.describe('Heading shown on the trust page.'),
  order: z.number().int().optional().describe('Position on the page; lower comes first.'),
  description: z.string().optional().describe('One sentence under the heading.'),
  translations: translations({ title: nonEmpty, description: z.string() }),
});

/** `policies/trust-center.yaml`: who the organisation is and how its trust page looks. */
export const trustCenter = z.strictObject({
  name: nonEmpty.describe('Product or company name as customers know it.'),
  legalName: nonEmpty.describe('Registered legal entity, used in the DPA and footer.'),
  address: z.string().optional().describe('Registered postal address.'),
  website: httpUrl.describe('The main website.'),
  url: httpUrl
    .optional()
    .describe('Public address of this trust center; used for canonical links and citations.'),
  intro: markdown.describe('Opening paragraph of the trust page, in markdown.'),
  scopeNote: z
    .string()
    .optional()
    .describe('What the page is and is not (e.g. a summary; contracts prevail).'),
  contacts: z
    .strictObject({
      security: email.describe('Where security questions and reports go.'),
      privacy: email.optional().describe('Data-protection and privacy requests.'),
      support: email.optional().describe('General support.'),
      sales: email.optional().describe('Questionnaires, reports under NDA, procurement.'),
      trustAndSafety: email.optional().describe('Abuse and prohibited-content reports.'),
      legal: email.optional().describe('Contracts and the DPA.'),
    })
    .describe('Contact addresses by role.'),
  branding: z
    .strictObject({
      logo: logoPath.optional(),
      accentColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'write the colour as #rrggbb')
        .default('#2b5fd9')
        .describe('Accent colour as #rrggbb; contrast is adjusted to stay accessible.'),
    })
    .default({ accentColor: '#2b5fd9' })
    .describe('Logo and colour.'),
  categories: z
    .array(category)
    .min(1, 'declare at least one category')
    .describe('The groups controls are shown in.'),
  languages: z
    .array(language)
    .min(1, 'declare at least one language')
    .default(['en'])
    .describe(
      `Languages the trust center is published in (${supportedLanguages.join(', ')}): the first is the default, at /; each other one under /<code>/.`,
    ),
  translations: translations({ intro: markdown, scopeNote: z.string() }),
  effective: isoDate.optional().describe('Date the current statements take effect.'),
  updated: isoDate.optional().describe('Date the page content was last reviewed.'),
  draft: z
    .strictObject({ note: nonEmpty.describe('Why it is a draft, e.g. "Pending legal review".') })
    .optional()
    .describe('Marks the whole trust page as a draft; a banner says so on every page.'),
});

export type TrustCenter = z.output<typeof trustCenter>;
export type Category = z.output<typeof category>;
