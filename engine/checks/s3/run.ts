import { rootCertificates } from 'node:tls';
import {
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { networkError } from '../net.ts';
import { type CheckContext, CheckError, type CheckModule, verdict } from '../types.ts';

type S3Evidence = Parameters<CheckModule<'s3'>['run']>[0];

const publicAccessFlags = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
] as const;

/** The bucket of an `s3://bucket` target. */
function parseBucket(target: string): string {
  const bucket = /^s3:\/\/([^/]+)\/?$/.exec(target.trim())?.[1];
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new CheckError(`"${target}" is not an s3://bucket target`, {
      hint: 'write the target as s3://bucket-name (no key, no credentials)',
    });
  }
  return bucket;
}

/** An S3 client: credentials from the SDK's default chain, `--resolve`-aware sockets. */
function createClient(check: S3Evidence, context: CheckContext): S3Client {
  const ca = context.extraCa.length ? [...rootCertificates, ...context.extraCa] : undefined;
  return new S3Client({
    region: check.region ?? 'us-east-1',
    ...(check.endpoint ? { endpoint: check.endpoint, forcePathStyle: true } : {}),
    followRegionRedirects: !check.endpoint,
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: context.timeoutMs,
      requestTimeout: context.timeoutMs,
      httpAgent: { lookup: context.lookup },
      httpsAgent: { lookup: context.lookup, ...(ca ? { ca } : {}) },
    },
  });
}

const permissionOf: Record<string, string> = {
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetBucketVersioning: 's3:GetBucketVersioning',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  HeadBucket: 's3:ListBucket',
};

/** Turns an SDK failure into an `error` a person can act on. */
function s3Error(
  error: unknown,
  operation: string,
  bucket: string,
  check: S3Evidence,
  context: CheckContext,
): CheckError {
  const name = (error as Error)?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  const observed = { bucket, operation, error: name, status };
  const where = check.endpoint ? new URL(check.endpoint).host : 'AWS S3';
  if (context.signal.aborted || name === 'AbortError' || name === 'TimeoutError') {
    return new CheckError(`${operation} on ${bucket} did not answer before the timeout`, {
      hint: `is ${where} reachable? Raise the check's timeout if it is slow`,
      observed,
      cause: error,
    });
  }
  if (name === 'CredentialsProviderError') {
    return new CheckError('no AWS credentials found for the s3 check', {
      hint: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or run with an IAM role)',
      observed,
      cause: error,
    });
  }
  if (name === 'AccessDenied' || name === 'Forbidden' || status === 403) {
    const rejected = ['InvalidAccessKeyId', 'SignatureDoesNotMatch'].includes(name);
    return new CheckError(
      rejected
        ? `${where} rejected the AWS credentials (${name})`
        : `access denied: ${operation} on ${bucket}`,
      {
        hint: rejected
          ? 'check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and the endpoint'
          : `grant the checking identity ${permissionOf[operation] ?? 'read access'} on ${bucket}`,
        observed,
        cause: error,
      },
    );
  }
  if (name === 'NoSuchBucket' || name === 'NotFound') {
    return new CheckError(`bucket ${bucket} does not exist at ${where}`, {
      hint: 'check the bucket name, region and endpoint',
      observed,
      cause: error,
    });
  }
  if (error instanceof S3ServiceException) {
    return new CheckError(`${operation} on ${bucket} failed: ${name}: ${message}`, {
      hint: 'check the region (region:) and endpoint (endpoint:) of the check',
      observed,
      cause: error,
    });
  }
  return networkError(error, where);
}

/** Runs one call; `undefined` when S3 answers with `absentCode` ("not configured"). */
async function read<T>(
  call: () => Promise<T>,
  absentCode: string | undefined,
  toError: (error: unknown) => CheckError,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (absentCode && (error as Error)?.name === absentCode) return undefined;
    throw toError(error);
  }
}

/**
 * `s3`: reads a bucket's default encryption, versioning and public-access block through the
 * S3 API (`endpoint:` for S3-compatible services) with the SDK's default credentials.
 * Configuration that is absent fails the expectation needing it; denied access, missing
 * credentials or an unreachable endpoint is an `error`.
 */
export const s3Check: CheckModule<'s3'> = {
  type: 's3',
  async run(check, context) {
    const { expect } = check;
    const bucket = parseBucket(context.target);
    const client = createClient(check, context);
    const options = { abortSignal: context.signal };
    const toError = (operation: string) => (error: unknown) =>
      s3Error(error, operation, bucket, check, context);
    try {
      const [encryption, versioning, publicAccess] = await Promise.all([
        expect.encryption &&
          read(
            () => client.send(new GetBucketEncryptionCommand({ Bucket: bucket }), options),
            'ServerSideEncryptionConfigurationNotFoundError',
            toError('GetBucketEncryption'),
          ),
        expect.versioning &&
          read(
            () => client.send(new GetBucketVersioningCommand({ Bucket: bucket }), options),
            undefined,
            toError('GetBucketVersioning'),
          ),
        expect.publicAccessBlocked &&
          read(
            () => client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }), options),
            'NoSuchPublicAccessBlockConfiguration',
            toError('GetPublicAccessBlock'),
          ),
        !expect.encryption &&
          !expect.versioning &&
          !expect.publicAccessBlocked &&
          read(
            () => client.send(new HeadBucketCommand({ Bucket: bucket }), options),
            undefined,
            toError('HeadBucket'),
          ),
      ]);
      const problems: string[] = [];
      const hints: string[] = [];
      const observed: Record<string, unknown> = { bucket };
      if (expect.encryption) {
        const rules = encryption?.ServerSideEncryptionConfiguration?.Rules ?? [];
        const algorithm = rules[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? null;
        observed.encryption = algorithm;
        if (algorithm !== expect.encryption) {
          problems.push(
            algorithm
              ? `default encryption is ${algorithm}, expected ${expect.encryption}`
              : 'no default encryption configured',
          );
          hints.push(`set the bucket's default encryption to ${expect.encryption}`);
        }
      }
      if (expect.versioning) {
        observed.versioning = versioning?.Status ?? null;
        if (observed.versioning !== 'Enabled') {
          problems.push(`versioning is ${observed.versioning ?? 'never enabled'}`);
          hints.push('enable versioning on the bucket');
        }
      }
      if (expect.publicAccessBlocked) {
        const config = publicAccess ? publicAccess.PublicAccessBlockConfiguration : undefined;
        observed.publicAccessBlock = config
          ? Object.fromEntries(publicAccessFlags.map((flag) => [flag, config[flag] === true]))
          : null;
        const off = publicAccessFlags.filter((flag) => config?.[flag] !== true);
        if (!config) problems.push('no public access block configured');
        else if (off.length) problems.push(`public access block is off for ${off.join(', ')}`);
        if (off.length) hints.push('turn on all four Block Public Access settings for the bucket');
      }
      return verdict(
        problems,
        observed,
        expect,
        `bucket ${bucket}: ${Object.keys(observed).length > 1 ? 'configured as expected' : 'reachable'}`,
        hints.join('; ') || undefined,
      );
    } finally {
      client.destroy();
    }
  },
};
