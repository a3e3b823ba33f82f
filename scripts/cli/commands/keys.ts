import { generateSigningKey } from '../../../engine/publish/signing-key.ts';
import { type ParsedArgs, UsageError } from '../args.mjs';

/**
 * `attest keys generate`: prints a new Ed25519 key pair. The private key goes into
 * `ATTEST_SIGNING_KEY` (never into YAML or git); the public key and its id are what the
 * trust center publishes at `/.well-known/attest-keys.json`.
 */
export async function runKeys({ positionals }: ParsedArgs): Promise<number> {
  const [action] = positionals;
  if (action !== 'generate') {
    throw new UsageError(
      action
        ? `unknown action "${action}"; use "generate"`
        : 'say what to do: attest keys generate',
    );
  }
  const pair = generateSigningKey();
  process.stdout.write(
    `# Key id: ${pair.keyId}\n` +
      '# Set the private key as ATTEST_SIGNING_KEY (the PEM, or base64 of it) in the environment of\n' +
      '# `attest build` / `attest serve`; keep it out of YAML and git. When you rotate, list the old\n' +
      '# public key in ATTEST_SIGNING_KEYS_RETIRED so earlier publications still verify.\n' +
      `${pair.privateKey}${pair.publicKey}`,
  );
  return 0;
}
