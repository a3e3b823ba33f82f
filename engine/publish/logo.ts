import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** The logo as published: its path in DIST and its bytes. */
export interface PublishedLogo {
  path: string;
  bytes: Uint8Array;
}

/**
 * The organisation's logo (`branding.logo`, a file under policies/ that validation has
 * already found and accepted) to publish as `brand/logo.<ext>`.
 */
export async function readLogo(
  dir: string,
  logo: string | undefined,
): Promise<PublishedLogo | undefined> {
  if (!logo) return undefined;
  try {
    return {
      path: `brand/logo${extname(logo).toLowerCase()}`,
      bytes: await readFile(join(dir, 'policies', logo)),
    };
  } catch (error) {
    throw new Error(`could not read the logo policies/${logo}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
