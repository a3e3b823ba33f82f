import { describe, expect, it } from 'vitest';
import { loadOrganisation } from './load-organisation.ts';
import { fixtureToday, minimalOrganisation } from './test-fixture.ts';

const controlPath = 'controls/encryption-in-transit.yaml';

/** The errors of the fixture's control after `edit`, as `file:line:col message (hint)`. */
function errorsAfter(edit: (text: string) => string): string[] {
  const files = minimalOrganisation().map((file) =>
    file.path === controlPath ? { ...file, text: edit(file.text) } : file,
  );
  return loadOrganisation(files, { today: fixtureToday })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.file}:${d.line}:${d.column} ${d.message} (${d.hint ?? ''})`);
}

describe('diagnostics a new user meets', () => {
  it('names an unknown check type and suggests the nearest one', () => {
    expect(errorsAfter((text) => text.replace('check: tls', 'check: htss'))).toEqual([
      `${controlPath}:12:12 evidence[0].check "htss" is not one of the allowed values (did you mean "hsts"?)`,
    ]);
  });

  it('lists the check types when the unknown one is nothing like them', () => {
    const [error] = errorsAfter((text) => text.replace('check: tls', 'check: ftp-banner'));
    expect(error).toBe(
      `${controlPath}:12:12 evidence[0].check "ftp-banner" is not one of the allowed values (use one of: tls, http, hsts, headers, security-txt, dns, postgres, s3, file, config, command, rate-limit)`,
    );
  });

  it('suggests the nearest value of other enum fields, swapped letters included', () => {
    expect(errorsAfter((text) => text.replace('visibility: public', 'visibility: gaetd'))).toEqual([
      `${controlPath}:7:13 visibility "gaetd" is not allowed (did you mean "gated"?)`,
    ]);
  });

  it('reports only the misspelt key, not the key it stands for as missing', () => {
    expect(errorsAfter((text) => text.replace('visibility: public', 'visiblity: public'))).toEqual([
      `${controlPath}:7:1 unknown key "visiblity" (did you mean "visibility"?)`,
    ]);
  });

  it('does the same for misspelt keys inside evidence, whichever form they break', () => {
    expect(errorsAfter((text) => text.replace('check: tls', 'chekc: tls'))).toEqual([
      `${controlPath}:12:5 unknown key "chekc" in evidence[0] (did you mean "check"?)`,
    ]);
    expect(errorsAfter((text) => text.replace('expect: {', 'expcet: {'))).toEqual([
      `${controlPath}:14:5 unknown key "expcet" in evidence[0] (did you mean "expect"?)`,
    ]);
    expect(errorsAfter((text) => text.replace('minVersion', 'minVersoin'))).toEqual([
      `${controlPath}:14:15 unknown key "minVersoin" in evidence[0].expect (did you mean "minVersion"?)`,
    ]);
  });

  it('still reports a key that is really missing, with the values it takes', () => {
    expect(errorsAfter((text) => text.replace('visibility: public\n', ''))).toEqual([
      `${controlPath}:1:1 missing required key "visibility" (add visibility: one of public, gated, internal)`,
    ]);
  });

  it('reports an unclosed quote where it opens, not at the end of the file', () => {
    expect(errorsAfter((text) => text.replace('claim: All', 'claim: "All'))).toEqual([
      `${controlPath}:9:8 the " quote that opens here is never closed (end the value with "; inside it, write \\" for a double quote)`,
    ]);
    expect(errorsAfter((text) => text.replace('title: Encryption', "title: 'Encryption"))).toEqual([
      `${controlPath}:2:8 the ' quote that opens here is never closed (end the value with '; inside it, write '' for a single quote)`,
    ]);
  });
});
