import { z } from 'zod';

/** The public questionnaires Attest ships a crosswalk for. */
export const questionnaireIds = ['caiq-v4', 'hecvat', 'sig-lite'] as const;
export type QuestionnaireId = (typeof questionnaireIds)[number];

/** A concept id of the bundled vocabulary: `encryption-at-rest`. */
const conceptId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use a concept id, lower-case words joined by hyphens');

/** One crosswalk file: a questionnaire and its question ids mapped to concept ids. */
export const crosswalkFileSchema = z.strictObject({
  /** Which questionnaire the ids belong to: `caiq-v4`, `hecvat` or `sig-lite`. */
  questionnaire: z.enum(questionnaireIds),
  /**
   * Question id prefixes (`CEK`, `APPL`, `D`) or numbered ids (`CEK-03`, `APPL-11`, `D.2`),
   * each with the concept ids the questions under it are about.
   */
  crosswalk: z.record(z.string(), z.array(conceptId).min(1, 'list at least one concept id')),
});

export type CrosswalkFile = z.output<typeof crosswalkFileSchema>;
