import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testContext } from '../test-support/context.ts';
import { startS3Server, type TestS3Server } from '../test-support/s3-server.ts';
import { s3Check } from './run.ts';
import { s3Evidence } from './spec.ts';

// The S3 side is a small local server (test-support/s3-server.ts) speaking the real S3 REST
// API: no S3-compatible server installs reliably here, and this keeps the real SDK, SigV4
// signing, HTTP and XML/error parsing under test.
const credentials = {
  accessKeyId: 'AKIATESTTESTTEST0001',
  secretAccessKey: 'test-secret-key/0123456789abcdefghij',
};
const allBlocked = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const envKeys = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
] as const;
const savedEnv = new Map(envKeys.map((key) => [key, process.env[key]]));

let s3: TestS3Server;
let hung: Server;
const hungSockets = new Set<Socket>();
let hungEndpoint = '';
let closedEndpoint = '';

beforeAll(async () => {
  s3 = await startS3Server(
    {
      secure: { encryption: 'AES256', versioning: 'Enabled', publicAccessBlock: allBlocked },
      kms: { encryption: 'aws:kms', versioning: 'Enabled', publicAccessBlock: allBlocked },
      fresh: {},
      partial: {
        encryption: 'AES256',
        versioning: 'Suspended',
        publicAccessBlock: { ...allBlocked, RestrictPublicBuckets: false },
      },
      locked: { denied: true },
    },
    credentials,
  );
  hung = createServer((socket) => hungSockets.add(socket));
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  hungEndpoint = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedEndpoint = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await s3.close();
  for (const socket of hungSockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
});

beforeEach(() => {
  for (const key of envKeys) delete process.env[key];
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  // Keep the SDK's credential chain local: no ~/.aws files, no instance metadata service.
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});

afterEach(() => {
  for (const [key, value] of savedEnv) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

type S3Expect = z.input<typeof s3Evidence>['expect'];
const strict: S3Expect = { encryption: 'AES256', versioning: 'Enabled', publicAccessBlocked: true };

function run(
  target: string,
  expectations: S3Expect,
  options: { endpoint?: string; region?: string; timeoutMs?: number } = {},
) {
  const check = s3Evidence.parse({
    check: 's3',
    target,
    endpoint: options.endpoint ?? s3.endpoint,
    ...(options.region ? { region: options.region } : {}),
    expect: expectations,
  });
  return s3Check.run(
    check,
    testContext(target, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  );
}

describe('s3 check: pass', () => {
  it('passes an encrypted, versioned, public-access-blocked bucket, through signed S3 calls', async () => {
    const outcome = await run('s3://secure', strict);
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'bucket secure: configured as expected',
      observed: {
        bucket: 'secure',
        encryption: 'AES256',
        versioning: 'Enabled',
        publicAccessBlock: allBlocked,
      },
    });
    expect(s3.requests).toEqual(
      expect.arrayContaining([
        'GET /secure/?encryption=',
        'GET /secure/?versioning=',
        'GET /secure/?publicAccessBlock=',
      ]),
    );
  });

  it('passes aws:kms in another region, and a bare reachability check (HeadBucket)', async () => {
    expect((await run('s3://kms', { encryption: 'aws:kms' }, { region: 'eu-west-1' })).status).toBe(
      'pass',
    );
    expect(await run('s3://kms/', {})).toMatchObject({
      status: 'pass',
      message: 'bucket kms: reachable',
    });
  });
});

describe('s3 check: fail', () => {
  it('fails a fresh bucket: no encryption config, versioning never enabled, no public access block', async () => {
    const outcome = await run('s3://fresh', strict);
    expect(outcome).toMatchObject({
      status: 'fail',
      message:
        'no default encryption configured; versioning is never enabled; no public access block configured',
      observed: { encryption: null, versioning: null, publicAccessBlock: null },
    });
    expect(outcome.hint).toContain('Block Public Access');
  });

  it('fails the wrong algorithm, suspended versioning and one public-access flag off', async () => {
    const outcome = await run('s3://partial', { ...strict, encryption: 'aws:kms' });
    expect(outcome).toMatchObject({
      status: 'fail',
      message:
        'default encryption is AES256, expected aws:kms; versioning is Suspended; public access block is off for RestrictPublicBuckets',
    });
  });
});

describe('s3 check: error', () => {
  it('errors on AccessDenied, naming the permission to grant', async () => {
    await expect(run('s3://locked', { versioning: 'Enabled' })).rejects.toMatchObject({
      name: 'CheckError',
      message: 'access denied: GetBucketVersioning on locked',
      hint: 'grant the checking identity s3:GetBucketVersioning on locked',
    });
  });

  it('errors on a bucket that does not exist', async () => {
    await expect(run('s3://nowhere', strict)).rejects.toThrow(/bucket nowhere does not exist/);
  });

  it('errors when the secret key is wrong (the server verifies the SigV4 signature)', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    await expect(run('s3://secure', strict)).rejects.toThrow(
      /rejected the AWS credentials \(SignatureDoesNotMatch\)/,
    );
  });

  it('errors with a hint when there are no credentials at all', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await expect(run('s3://secure', strict)).rejects.toMatchObject({
      message: 'no AWS credentials found for the s3 check',
      hint: expect.stringContaining('AWS_ACCESS_KEY_ID'),
    });
  });

  it('errors when the endpoint refuses connections or never answers', async () => {
    await expect(run('s3://secure', strict, { endpoint: closedEndpoint })).rejects.toThrow(
      /refused the connection/,
    );
    await expect(
      run('s3://secure', strict, { endpoint: hungEndpoint, timeoutMs: 500 }),
    ).rejects.toThrow(/did not answer before the timeout/);
  });

  it('errors on a target that is not s3://bucket', async () => {
    await expect(run('s3://AKIA:secret@bucket/key', strict)).rejects.toThrow(
      'is not an s3://bucket target',
    );
  });
});
