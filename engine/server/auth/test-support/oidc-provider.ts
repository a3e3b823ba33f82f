import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the test identity provider says about one person, by login name. */
export interface TestAccount {
  email: string;
  email_verified?: boolean;
  groups?: string[];
}

/** A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 with one registered client. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Seconds an authorization code lives (change it to test expired codes). */
  setCodeTtl(seconds: number): void;
  /**
   * Follows an authorization URL through the provider's sign-in and consent pages the way a
   * browser would (cookies kept, forms posted) and returns the URL it sends the browser back
   * to, with the code.
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/**
 * Starts the provider with `accounts` (any password works: the provider's development sign-in
 * page) and a confidential client whose only redirect URI is `redirectUri`. PKCE is required.
 */
export async function startTestProvider(
  accounts: Record<string, TestAccount>,
  redirectUri: string,
): Promise<TestProvider> {
  const http = createServer();
  const port = await listen(http);
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'attest-admin';
  const clientSecret = 'a client secret only this test knows, 32+ characters long';
  let codeTtl = 60;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    pkce: { required: () => true },
    cookies: { keys: ['cookie key of the test provider'] },
    ttl: {
      AuthorizationCode: () => codeTtl,
      AccessToken: 300,
      IdToken: 300,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    async findAccount(_context, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({ sub: id, email_verified: true, ...account }),
      };
    },
  });
  provider.proxy = false;
  http.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    setCodeTtl(seconds) {
      codeTtl = seconds;
    },
    async signIn(authorizationUrl, login) {
      const cookies = new Map<string, string>();
      const send = async (url: string, body?: URLSearchParams) => {
        const response = await fetch(url, {
          method: body ? 'POST' : 'GET',
          redirect: 'manual',
          headers: {
            Cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
            ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(body ? { body } : {}),
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const at = pair.indexOf('=');
          cookies.set(pair.slice(0, at), pair.slice(at + 1));
        }
        return response;
      };
      let response = await send(authorizationUrl);
      for (let step = 0; step < 12; step++) {
        const location = response.headers.get('location');
        if (location) {
          const next = new URL(location, issuer);
          if (next.href.startsWith(redirectUri)) return next;
          response = await send(next.href);
          continue;
        }
        const html = await response.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
        if (!action || !prompt)
          throw new Error(`the provider showed no form: ${html.slice(0, 300)}`);
        const fields = new URLSearchParams({ prompt });
        if (prompt === 'login') {
          fields.set('login', login);
          fields.set('password', 'any password');
        }
        response = await send(new URL(action, issuer).href, fields);
      }
      throw new Error('the provider never sent the browser back');
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
