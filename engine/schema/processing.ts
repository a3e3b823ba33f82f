import { z } from 'zod';
import { email, nonEmpty } from './common.ts';

const party = z.strictObject({
  name: nonEmpty.describe('Legal name, or a description such as "The customer".'),
  address: z.string().optional().describe('Postal address.'),
  contact: z.string().optional().describe('Name, role and email of the contact person.'),
  role: z.enum(['controller', 'processor']).describe('GDPR role of this party.'),
  activities: nonEmpty.describe('What the party does with the data.'),
});

/** `policies/processing.yaml`: Annex I of the DPA — parties and description of processing. */
export const processing = z.strictObject({
  exporter: party.describe('Data exporter (usually the customer, as controller).'),
  importer: party.describe('Data importer (the organisation, as processor).'),
  subjectMatter: nonEmpty.describe('Subject matter of the processing.'),
  duration: nonEmpty.describe('How long processing lasts.'),
  nature: nonEmpty.describe('Nature of the processing (collection, storage, …).'),
  purposes: z.array(nonEmpty).min(1).describe('Purposes of the processing.'),
  dataSubjects: z.array(nonEmpty).min(1).describe('Categories of data subjects.'),
  dataCategories: z.array(nonEmpty).min(1).describe('Categories of personal data.'),
  sensitiveData: z
    .strictObject({
      processed: z.boolean().describe('Whether special-category data is processed.'),
      safeguards: z.string().optional().describe('Restrictions and safeguards that apply.'),
    })
    .describe('Special categories of data (GDPR Art. 9).'),
  frequency: nonEmpty.describe('How often data is transferred, e.g. continuous.'),
  retention: nonEmpty.describe('How long data is kept, or the criteria used.'),
  transfers: z
    .array(nonEmpty)
    .default([])
    .describe('Transfers to third countries and the safeguards used.'),
  supervisoryAuthority: z.string().optional().describe('The competent supervisory authority.'),
  dpo: email.optional().describe('Data protection officer or privacy contact, if appointed.'),
});

export type Processing = z.output<typeof processing>;
