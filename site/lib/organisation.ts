import { resolve } from 'node:path';
import { loadOrganisationFromDir } from '../../engine/fs/read-organisation.ts';
import type { Organisation } from '../../engine/load/model.ts';

/** The organisation this site renders: ATTEST_DIR, else the working directory. */
export async function loadSiteOrganisation(): Promise<Organisation> {
  const dir = resolve(process.env.ATTEST_DIR ?? '.');
  const { model, diagnostics } = await loadOrganisationFromDir(dir);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!model || errors.length > 0) {
    throw new Error(
      `${dir} does not validate (${errors.length} errors); run \`attest validate --dir ${dir}\``,
    );
  }
  return model;
}
