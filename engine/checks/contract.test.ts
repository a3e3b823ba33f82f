import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket as NetSocket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CheckType, checkEvidence, checkTypes, policy } from '../schema/index.ts';
import { checkModules } from './registry.ts';
import { testContext } from './test-support/context.ts';
import { CheckError, type CheckModule, type CheckOutcome } from './types.ts';

// The shared contract every check module keeps, whatever it checks: pointed at something that
// cannot work, or at something that never answers, it settles within its timeout on its own
// (honouring the abort signal), never passes, and reports plain JSON with a message, without
// echoing credentials from its target.

/** Credentials planted in targets and the environment; they must never appear in a report. */
const postgresPassword = 'contract-pg-password-7f3a';
const s3Secret = 'contract-s3-secret-9c1e';

interface ContractCase {
  target: string;
  /** Fields of the evidence item besides `check`, `target` and `expect`. */
  fields?: Record<string, unknown>;
  expect: Record<string, unknown>;
  /** Text that must not appear anywhere in the outcome or error. */
  secret?: string;
  dnsServers?: string[];
  /** For a target that never answers: how the error says the module gave up (default: the timeout). */
  gaveUp?: RegExp;
}

/** For each check type, a target that cannot work: a closed local port, a missing file, `.invalid`. */
function unreachableCases(closedPort: number): { [T in CheckType]: ContractCase } {
  const origin = `127.0.0.1:${closedPort}`;
  return {
    tls: { target: `https://${origin}`, expect: { minVersion: 'TLSv1.2' } },
    http: { target: `http://${origin}/`, expect: { status: 200 } },
    hsts: { target: `https://${origin}/`, expect: { minMaxAge: 31_536_000 } },
    headers: { target: `http://${origin}/`, expect: { csp: true, cookies: true } },
    'security-txt': { target: `https://${origin}`, expect: { minDaysToExpiry: 30 } },
    dns: { target: 'attest-contract.invalid', expect: { mx: true } },
    postgres: {
      target: `postgres://attest:${postgresPassword}@${origin}/attest?connect_timeout=1`,
      expect: { settings: { ssl: 'on' } },
      secret: postgresPassword,
    },
    s3: {
      target: 's3://attest-contract-bucket',
      fields: { endpoint: `http://${origin}`, region: 'us-east-1' },
      expect: { versioning: 'Enabled', publicAccessBlocked: true },
      secret: s3Secret,
    },
    file: { target: 'missing/nothing-here.txt', expect: { maxAgeHours: 24 } },
    config: { target: 'missing/settings.yaml', expect: { path: 'server.tls.minVersion' } },
    command: { target: 'attest-contract-no-such-program --version', expect: {} },
    'rate-limit': { target: `http://${origin}/login`, expect: { within: 5 } },
  };
}

/**
 * For each check type, a target that never answers: a TCP server that accepts and stays
 * silent, a DNS server that drops every query, a FIFO nobody writes (refused unread), a command
 * that sleeps.
 * `null` where the check only reads local file metadata, which cannot hang.
 */
function hangingCases(
  silentTcp: number,
  silentUdp: number,
): { [T in CheckType]: ContractCase | null } {
  const origin = `127.0.0.1:${silentTcp}`;
  return {
    tls: { target: `https://${origin}`, expect: { minVersion: 'TLSv1.2' } },
    http: { target: `http://${origin}/`, expect: { status: 200 } },
    hsts: { target: `https://${origin}/`, expect: { minMaxAge: 31_536_000 } },
    headers: { target: `http://${origin}/`, expect: { csp: true } },
    'security-txt': { target: `https://${origin}`, expect: {} },
    dns: { target: 'example.test', expect: { mx: true }, dnsServers: [`127.0.0.1:${silentUdp}`] },
    postgres: {
      target: `postgres://attest:${postgresPassword}@${origin}/attest`,
      expect: { settings: { ssl: 'on' } },
      secret: postgresPassword,
    },
    s3: {
      target: 's3://attest-contract-bucket',
      fields: { endpoint: `http://${origin}`, region: 'us-east-1' },
      expect: { versioning: 'Enabled' },
      secret: s3Secret,
    },
    file: null,
    config: { target: 'pipe.yaml', expect: { path: 'a' }, gaveUp: /is not a regular file/ },
    command: { target: 'sleep 5', expect: {} },
    'rate-limit': { target: `http://${origin}/login`, expect: { within: 5 } },
  };
}

let closedPort: number;
let orgDir: string;
let silentTcp: Server;
let silentUdp: Socket;
const heldSockets = new Set<NetSocket>();

function portOf(address: AddressInfo | string | null): number {
  if (address === null || typeof address === 'string') throw new Error('expected a port');
  return address.port;
}

beforeAll(async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = portOf(closed.address());
  await new Promise((resolve) => closed.close(resolve));

  silentTcp = createServer((socket) => {
    heldSockets.add(socket);
    socket.on('error', () => heldSockets.delete(socket));
    socket.on('close', () => heldSockets.delete(socket));
  });
  await new Promise<void>((resolve) => silentTcp.listen(0, '127.0.0.1', resolve));
  silentUdp = createSocket('udp4');
  await new Promise<void>((resolve) => silentUdp.bind(0, '127.0.0.1', resolve));

  orgDir = mkdtempSync(join(tmpdir(), 'attest-contract-'));
  execFileSync('mkfifo', [join(orgDir, 'pipe.yaml')]);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIACONTRACTTEST0000');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', s3Secret);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_CONFIG_FILE', join(orgDir, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(orgDir, 'no-aws-credentials'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const socket of heldSockets) socket.destroy();
  await new Promise((resolve) => silentTcp.close(resolve));
  await new Promise<void>((resolve) => silentUdp.close(resolve));
  rmSync(orgDir, { recursive: true, force: true });
});

/** Runs a module the way the runner does, turning a thrown CheckError into an `error` outcome. */
async function runContained(
  type: CheckType,
  contractCase: ContractCase,
  timeoutMs: number,
): Promise<CheckOutcome> {
  const evidence = checkEvidence.parse({
    check: type,
    target: contractCase.target,
    ...contractCase.fields,
    expect: contractCase.expect,
  });
  const context = testContext(contractCase.target, {
    orgDir,
    timeoutMs,
    dnsServers: contractCase.dnsServers ?? [],
    policy: policy.parse({ allowCommands: true, allowActiveProbes: true }),
  });
  const module = checkModules[type] as Pick<CheckModule, 'run'>;
  try {
    return await module.run(evidence, context);
  } catch (error) {
    if (!(error instanceof CheckError)) {
      throw new Error(
        `${type} threw ${String(error)} instead of returning an outcome or a CheckError`,
        {
          cause: error,
        },
      );
    }
    const outcome: CheckOutcome = {
      status: 'error',
      observed: error.observed ?? null,
      expected: evidence.expect,
      message: error.message,
    };
    if (error.hint) outcome.hint = error.hint;
    return outcome;
  }
}

/**
 * Runs one contract case and checks what every module promises about its outcome. Settling
 * is asserted as an outcome, not a duration (wall-clock budgets belong to `bench:check`):
 * a module that ignores its timeout never settles, and the guard, far beyond any timeout
 * here, turns that into a failure instead of a test that hangs until Vitest gives up.
 */
async function expectContractKept(type: CheckType, contractCase: ContractCase, timeoutMs: number) {
  const guardMs = 20_000;
  let guard: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    runContained(type, contractCase, timeoutMs),
    new Promise<never>((_, reject) => {
      guard = setTimeout(
        () => reject(new Error(`${type} did not settle within ${guardMs} ms`)),
        guardMs,
      );
    }),
  ]).finally(() => clearTimeout(guard));
  expect(['fail', 'error', 'skipped'], 'never passes').toContain(outcome.status);
  expect(typeof outcome.message).toBe('string');
  expect(outcome.message.trim(), 'has a message').not.toBe('');
  const json = JSON.stringify(outcome);
  expect(JSON.parse(json), 'is plain JSON').toEqual(outcome);
  if (contractCase.secret)
    expect(json, 'does not leak credentials').not.toContain(contractCase.secret);
  return outcome;
}

describe('check module contract', () => {
  it('has one module for every check type in the schema', () => {
    expect(Object.keys(checkModules).sort()).toEqual([...checkTypes].sort());
  });

  describe.each(checkTypes)('%s', (type) => {
    it('declares the type it is registered under', () => {
      expect(checkModules[type].type).toBe(type);
    });

    it('against a target that cannot work: settles, never passes, reports plain JSON', async () => {
      await expectContractKept(type, unreachableCases(closedPort)[type], 1_000);
    });

    if (hangingCases(0, 0)[type] !== null) {
      it('against a target that never answers: gives up on its own at the timeout, as an error', async () => {
        const ports = [portOf(silentTcp.address()), portOf(silentUdp.address())] as const;
        const contractCase = hangingCases(...ports)[type];
        if (!contractCase) throw new Error(`no hanging case for ${type}`);
        const outcome = await expectContractKept(type, contractCase, 400);
        expect(outcome.status).toBe('error');
        expect(outcome.message, 'says why it gave up').toMatch(
          contractCase.gaveUp ?? /before the timeout|within 400 ms|\(ETIMEOUT\)/,
        );
      });
    }
  });
});
