import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny S3-compatible server for tests. No S3 server installs reliably from npm or apt here,
 * so this answers the three bucket calls the `s3` check makes (GetBucketEncryption,
 * GetBucketVersioning, GetPublicAccessBlock) plus HeadBucket with the XML bodies and error
 * documents S3 itself sends, and verifies AWS Signature V4. That keeps the real SDK, its
 * request signing, HTTP and XML/error parsing in the loop.
 */

/** How one bucket is configured; a part left out is "not configured", as on a fresh bucket. */
export interface TestBucket {
  encryption?: 'AES256' | 'aws:kms' | 'aws:kms:dsse';
  versioning?: 'Enabled' | 'Suspended';
  publicAccessBlock?: {
    BlockPublicAcls: boolean;
    IgnorePublicAcls: boolean;
    BlockPublicPolicy: boolean;
    RestrictPublicBuckets: boolean;
  };
  /** Answer every call on this bucket with 403 AccessDenied. */
  denied?: boolean;
}

export interface TestS3Server {
  endpoint: string;
  /** Every request received, in order, as `METHOD /path?query`. */
  requests: string[];
  close(): Promise<void>;
}

const xmlns = 'http://s3.amazonaws.com/doc/2006-03-01/';
const xmlHeader = '<?xml version="1.0" encoding="UTF-8"?>\n';

function sha256(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The signature SigV4 expects for this request, or undefined when the header is malformed. */
function expectedSignature(
  request: IncomingMessage,
  url: URL,
  secret: string,
  authorization: string,
) {
  const match =
    /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return undefined;
  const [, date = '', region = '', signedHeaders = '', signature] = match;
  const query = [...url.searchParams]
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .sort()
    .join('&');
  const headers = signedHeaders
    .split(';')
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = [
    request.method,
    url.pathname,
    query,
    headers,
    signedHeaders,
    request.headers['x-amz-content-sha256'] ?? sha256(''),
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', request.headers['x-amz-date'], scope, sha256(canonical)].join(
    '\n',
  );
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  return { given: signature, wanted: createHmac('sha256', key).update(toSign).digest('hex') };
}

function sendXml(response: ServerResponse, status: number, body: string, method = 'GET') {
  response.writeHead(status, {
    'content-type': 'application/xml',
    'x-amz-request-id': 'TESTREQUEST0001',
    'x-amz-id-2': 'dGVzdA==',
  });
  response.end(method === 'HEAD' ? undefined : xmlHeader + body);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  method: string,
  bucket = '',
) {
  sendXml(
    response,
    status,
    `<Error><Code>${code}</Code><Message>${message}</Message>${bucket ? `<BucketName>${bucket}</BucketName>` : ''}<RequestId>TESTREQUEST0001</RequestId><HostId>dGVzdA==</HostId></Error>`,
    method,
  );
}

function answer(
  response: ServerResponse,
  url: URL,
  method: string,
  name: string,
  bucket: TestBucket,
) {
  if (bucket.denied) return sendError(response, 403, 'AccessDenied', 'Access Denied', method);
  if (method === 'HEAD') return sendXml(response, 200, '', method);
  if (url.searchParams.has('encryption')) {
    if (!bucket.encryption) {
      return sendError(
        response,
        404,
        'ServerSideEncryptionConfigurationNotFoundError',
        'The server side encryption configuration was not found',
        method,
        name,
      );
    }
    return sendXml(
      response,
      200,
      `<ServerSideEncryptionConfiguration xmlns="${xmlns}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>${bucket.encryption}</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`,
    );
  }
  if (url.searchParams.has('versioning')) {
    const status = bucket.versioning ? `<Status>${bucket.versioning}</Status>` : '';
    return sendXml(
      response,
      200,
      `<VersioningConfiguration xmlns="${xmlns}">${status}</VersioningConfiguration>`,
    );
  }
  if (url.searchParams.has('publicAccessBlock')) {
    if (!bucket.publicAccessBlock) {
      return sendError(
        response,
        404,
        'NoSuchPublicAccessBlockConfiguration',
        'The public access block configuration was not found',
        method,
        name,
      );
    }
    const flags = Object.entries(bucket.publicAccessBlock).map(
      ([flag, on]) => `<${flag}>${on}</${flag}>`,
    );
    return sendXml(
      response,
      200,
      `<PublicAccessBlockConfiguration xmlns="${xmlns}">${flags.join('')}</PublicAccessBlockConfiguration>`,
    );
  }
  return sendError(
    response,
    501,
    'NotImplemented',
    'A header you provided implies functionality that is not implemented',
    method,
  );
}

/**
 * Starts the server on 127.0.0.1 (port 0) with `buckets` (path-style: `/bucket?encryption`)
 * and one key pair that SigV4 signatures must verify against.
 */
export async function startS3Server(
  buckets: Record<string, TestBucket>,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<TestS3Server> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    requests.push(`${method} ${url.pathname}${url.search}`);
    const authorization = request.headers.authorization ?? '';
    if (!authorization.includes(`Credential=${credentials.accessKeyId}/`)) {
      return sendError(
        response,
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        method,
      );
    }
    const signature = expectedSignature(request, url, credentials.secretAccessKey, authorization);
    if (!signature || signature.given !== signature.wanted) {
      return sendError(
        response,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        method,
      );
    }
    const name = decodeURIComponent(url.pathname.split('/')[1] ?? '');
    const bucket = buckets[name];
    if (!bucket)
      return sendError(
        response,
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        method,
        name,
      );
    answer(response, url, method, name, bucket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
