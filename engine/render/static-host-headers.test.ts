import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './security-headers.ts';
import { renderNetlifyHeaders, renderNginxHeaders } from './static-host-headers.ts';
import { parseWebOrigin } from './web-origin.ts';

describe('origin settings (ATTEST_API_ORIGIN, ATTEST_SITE_ORIGIN)', () => {
  it('takes an https origin, or http on localhost, normalised', () => {
    expect(parseWebOrigin('X', 'https://API.trust.example')).toEqual({
      ok: true,
      origin: 'https://api.trust.example',
    });
    expect(parseWebOrigin('X', 'https://api.trust.example/')).toMatchObject({ ok: true });
    expect(parseWebOrigin('X', 'http://localhost:4321')).toMatchObject({ ok: true });
    expect(parseWebOrigin('X', 'http://127.0.0.1:4321')).toMatchObject({ ok: true });
  });

  it.each([
    ['http://api.trust.example', 'uses http for a host other than localhost; use https'],
    ['https://api.trust.example/api', 'has a path, query or fragment'],
    ['api.trust.example', 'is not a URL'],
    ['ftp://api.trust.example', 'is not http(s)'],
    ['https://user:pw@api.trust.example', 'contains credentials'],
  ])('refuses %s', (value, problem) => {
    const setting = parseWebOrigin('ATTEST_API_ORIGIN', value);
    expect(setting.ok).toBe(false);
    if (!setting.ok) expect(setting.message).toContain(problem);
  });
});

describe('the headers files of the static export', () => {
  it('carry the CSP with exactly the API origin as form-action', () => {
    const formOrigin = 'https://api.trust.example';
    expect(contentSecurityPolicy({ formOrigin })).toContain(
      "form-action https://api.trust.example; frame-ancestors 'none'",
    );
    expect(renderNetlifyHeaders({ formOrigin })).toContain(
      `  Content-Security-Policy: ${contentSecurityPolicy({ formOrigin })}\n`,
    );
    const nginx = renderNginxHeaders({});
    expect(nginx).toContain(
      `add_header Content-Security-Policy "${contentSecurityPolicy()}" always;`,
    );
    expect(nginx).toContain('location = /attest-headers.nginx.conf {\n  return 404;\n}');
  });
});
