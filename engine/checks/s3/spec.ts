import { z } from 'zod';
import { checkFields, defineCheckSpec } from '../../schema/check-spec.ts';
import { httpUrl } from '../../schema/common.ts';

/** `s3`: bucket configuration through the S3 API. */
export const s3Evidence = z.strictObject({
  ...checkFields,
  check: z.literal('s3').describe('Reads bucket encryption, versioning and public-access block.'),
  endpoint: httpUrl.optional().describe('S3-compatible endpoint (R2, MinIO, …); AWS when omitted.'),
  region: z.string().optional().describe('Bucket region; `auto` for R2.'),
  expect: z
    .strictObject({
      encryption: z
        .enum(['AES256', 'aws:kms', 'aws:kms:dsse'])
        .optional()
        .describe('Required default encryption algorithm.'),
      versioning: z.literal('Enabled').optional().describe('Require versioning to be enabled.'),
      publicAccessBlocked: z
        .boolean()
        .optional()
        .describe('Require all four public-access-block settings to be on.'),
    })
    .default({})
    .describe('Expected bucket configuration.'),
});

export const s3Spec = defineCheckSpec(s3Evidence, {
  label: 'Storage bucket settings',
  exposure: 'internal',
  targetProblem: (target) =>
    /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(target)
      ? undefined
      : 'an s3 target is s3://bucket-name',
});
