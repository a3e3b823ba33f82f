import { describe, expect, it } from 'vitest';
import { loadOrganisation } from './load-organisation.ts';
import { fixtureToday, minimalOrganisation } from './test-fixture.ts';

/** The minimal organisation with `logo` as its branding logo, loaded with `images` listed. */
function loadWithLogo(logo: string, images?: string[]) {
  const files = minimalOrganisation().map((file) =>
    file.path === 'policies/trust-center.yaml'
      ? { ...file, text: `${file.text}branding:\n  logo: ${logo}\n` }
      : file,
  );
  return loadOrganisation(files, { today: fixtureToday, ...(images ? { images } : {}) })
    .diagnostics;
}

describe('the logo', () => {
  it('is accepted as an SVG or PNG file that exists under policies/', () => {
    expect(loadWithLogo('brand/logo.svg', ['brand/logo.svg'])).toEqual([]);
    expect(loadWithLogo('./brand/logo.PNG', ['brand/logo.PNG'])).toEqual([]);
  });

  it('is refused as a URL, positioned at the value, with how to fix it', () => {
    expect(loadWithLogo('https://cdn.acme.example/logo.svg')).toEqual([
      {
        file: 'policies/trust-center.yaml',
        line: 11,
        column: 9,
        code: 'schema-invalid-value',
        severity: 'error',
        message:
          'branding.logo "https://cdn.acme.example/logo.svg" is invalid: the trust page loads nothing from other hosts, so the logo cannot be a URL',
        hint: 'save the logo under policies/ (e.g. policies/brand/logo.svg) and write its path: logo: brand/logo.svg',
      },
    ]);
  });

  it('is refused as another type of file, or outside policies/', () => {
    expect(loadWithLogo('brand/logo.gif').map((d) => d.message)).toEqual([
      'branding.logo "brand/logo.gif" is invalid: the logo must be an .svg or .png file',
    ]);
    expect(loadWithLogo('../logo.svg').map((d) => d.message)).toEqual([
      'branding.logo "../logo.svg" is invalid: the logo must be a file inside policies/',
    ]);
  });

  it('is reported when the file is not there', () => {
    expect(loadWithLogo('brand/logo.svg', ['brand/other.svg'])).toEqual([
      {
        file: 'policies/trust-center.yaml',
        line: 11,
        column: 9,
        code: 'logo-missing',
        severity: 'error',
        message: 'the logo policies/brand/logo.svg does not exist',
        hint: 'add the file under policies/, or correct the path (it is relative to policies/)',
      },
    ]);
  });
});
