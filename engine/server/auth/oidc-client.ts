import * as oidc from 'openid-client';
import type { SsoClaims } from './sso-identity.ts';
import type { SsoSettings } from './sso-settings.ts';

/** What one sign-in attempt must remember between leaving for the provider and coming back. */
export interface SsoAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * A sign-in that cannot go on, with the status to answer and the reason to show: 400 for a
 * response that does not check out, 403 when the provider refused, 502 when the provider
 * could not be reached or answered nonsense.
 */
export class SsoError extends Error {
  override name = 'SsoError';
  constructor(
    readonly status: 400 | 403 | 502,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The OpenID Connect client of the admin area: authorization code flow with PKCE. */
export interface OidcClient {
  /** A fresh attempt and the provider's authorization URL for it. */
  start(): Promise<{ url: URL; attempt: SsoAttempt }>;
  /**
   * Redeems the code of the callback URL (`callback`, built on the public origin) after
   * checking issuer, state, nonce and the PKCE verifier of `attempt`; returns the ID
   * token's claims merged with the userinfo response.
   */
  finish(callback: URL, attempt: SsoAttempt): Promise<SsoClaims>;
}

const isLocal = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** Turns what openid-client throws into an {@link SsoError} with a reason a person can act on. */
function explain(error: unknown): SsoError {
  if (error instanceof SsoError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    const detail = error.error_description ? ` (${error.error_description})` : '';
    return new SsoError(
      403,
      `The identity provider refused the sign-in: ${error.error}${detail}.`,
      { cause: error },
    );
  }
  if (error instanceof oidc.ResponseBodyError) {
    const detail = error.error_description ? ` (${error.error_description})` : '';
    return new SsoError(
      400,
      `The identity provider did not accept this sign-in: ${error.error}${detail}. The code may have expired or been used already; start again.`,
      { cause: error },
    );
  }
  if (error instanceof oidc.ClientError) {
    return new SsoError(
      400,
      `The identity provider's answer does not check out: ${error.message}`,
      { cause: error },
    );
  }
  if (error instanceof TypeError) {
    return new SsoError(502, 'The identity provider could not be reached. Try again in a moment.', {
      cause: error,
    });
  }
  return new SsoError(502, 'The identity provider answered in a way Attest cannot use.', {
    cause: error,
  });
}

/**
 * The provider's configuration is discovered on first use (and again after a failure), so a
 * provider that is down at start does not stop the server. The redirect URI is
 * `redirectUri`, built from the public origin and never from the request's Host.
 */
export function createOidcClient(settings: SsoSettings, redirectUri: string): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const issuer = new URL(settings.issuer);
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        isLocal(issuer) && issuer.protocol === 'http:'
          ? { execute: [oidc.allowInsecureRequests] }
          : {},
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  return {
    async start() {
      const config = await configuration().catch((error: unknown) => {
        // Before anyone signed in, a discovery document that does not check out (another
        // issuer, no endpoints) is the server's setup, not the visitor's request.
        if (error instanceof oidc.ClientError) {
          throw new SsoError(
            502,
            `The identity provider's configuration cannot be used (${error.message}). Check ATTEST_OIDC_ISSUER.`,
            { cause: error },
          );
        }
        throw explain(error);
      });
      const attempt: SsoAttempt = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        state: attempt.state,
        nonce: attempt.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(attempt.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, attempt };
    },

    async finish(callback, attempt) {
      try {
        const config = await configuration();
        const tokens = await oidc.authorizationCodeGrant(config, callback, {
          expectedState: attempt.state,
          expectedNonce: attempt.nonce,
          pkceCodeVerifier: attempt.codeVerifier,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new SsoError(400, 'The identity provider sent no ID token.');
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        return { ...userinfo, ...claims };
      } catch (error) {
        throw explain(error);
      }
    },
  };
}
