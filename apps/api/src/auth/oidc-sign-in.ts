import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { BaseClient, IssuerMetadata, TokenSet } from 'openid-client';
import type { Identity } from './identity';
import { AuthenticationError, type Discovery, type OidcVerifier } from './oidc-verifier';

export interface OidcClientSettings {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
}

/** The short-lived cookie that carries a sign-in from the redirect to the callback. */
export const SIGN_IN_COOKIE = 'cosinum_oidc';
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;
const HTTP_TIMEOUT_MS = 10_000;

type OpenIdClient = typeof import('openid-client');
let library: OpenIdClient | undefined;
/** openid-client, loaded on the first sign-in, not when the server starts (nor without OIDC). */
const openIdClient = async (): Promise<OpenIdClient> => (library ??= await import('openid-client'));

interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly retour: string;
  readonly exp: number;
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The ID token algorithm to expect: RS256 unless the issuer offers only ES256 (both are accepted for bearer tokens). */
const idTokenAlgorithm = (
  discovery: Discovery & { id_token_signing_alg_values_supported?: unknown },
) => {
  const offered = discovery.id_token_signing_alg_values_supported;
  return Array.isArray(offered) && !offered.includes('RS256') && offered.includes('ES256')
    ? 'ES256'
    : 'RS256';
};

/** What went wrong, as the session controller words it: the reasons it knows, else upstream. */
const fromLibrary = (error: unknown): unknown => {
  if (error instanceof AuthenticationError) return error;
  // The library's errors exist only once it is loaded (by `openClient`, before any of its calls).
  if (!library) return error;
  const { errors } = library;
  if (error instanceof errors.OPError)
    return new AuthenticationError(`The issuer refused the code (${error.error})`, 'token');
  if (error instanceof errors.RPError) {
    // An RPError with a response is an endpoint's answer that did not make sense (5xx, not JSON).
    if ((error as { response?: unknown }).response !== undefined)
      return new AuthenticationError(
        `The token endpoint answered badly (${error.message})`,
        'token',
      );
    if (/^nonce mismatch/.test(error.message))
      return new AuthenticationError('The ID token does not carry this sign-in’s nonce', 'nonce');
    if (/^state mismatch/.test(error.message))
      return new AuthenticationError('The sign-in state does not match', 'state');
    if (/timed out/.test(error.message))
      return new AuthenticationError(`The issuer did not answer (${error.message})`, 'token');
    return new AuthenticationError(`The ID token was refused (${error.message})`, 'invalid');
  }
  return error;
};

/**
 * The dashboard's sign-in with the OpenID Connect authorization-code flow (ProConnect), through
 * `openid-client`: PKCE (S256), `state` against cross-site forgery and `nonce` against replay; the
 * code exchanged at the token endpoint (HTTP Basic with a client secret, else a public client),
 * the ID token verified by the library (signature against the issuer's JWKS, issuer, audience =
 * the client id, expiry, nonce). Role and ministry come from the same claims as bearer tokens,
 * read from the ID token or, when the issuer puts them there (as ProConnect does), from the
 * userinfo endpoint.
 *
 * Kept by hand: where state, nonce and verifier wait between the redirect and the callback (the
 * library leaves that to the caller: here a signed, HttpOnly cookie that lives ten minutes, so
 * the server keeps no session store), and the reading of a signed userinfo (see `userinfo`).
 */
export class OidcSignIn {
  private client?: Promise<BaseClient>;

  constructor(
    private readonly verifier: OidcVerifier,
    private readonly settings: OidcClientSettings,
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The library's client, on the discovery document the bearer-token verifier already fetched
   * (once; a failure is tried again next time). `OIDC_JWKS_URL`, when set, wins over `jwks_uri`.
   */
  private openClient(): Promise<BaseClient> {
    this.client ??= (async () => {
      const { Issuer, custom } = await openIdClient();
      const discovery = await this.verifier.discovery();
      if (!discovery.authorization_endpoint)
        throw new AuthenticationError(
          'The issuer publishes no authorization endpoint',
          'discovery',
        );
      if (!discovery.token_endpoint)
        throw new AuthenticationError('The issuer publishes no token endpoint', 'discovery');
      const issuer = new Issuer({
        ...(discovery as unknown as IssuerMetadata),
        jwks_uri: this.verifier.settings.jwksUrl ?? discovery.jwks_uri,
      });
      issuer[custom.http_options] = () => ({ timeout: HTTP_TIMEOUT_MS });
      const client = new issuer.Client({
        client_id: this.settings.clientId,
        ...(this.settings.clientSecret
          ? {
              client_secret: this.settings.clientSecret,
              token_endpoint_auth_method: 'client_secret_basic',
            }
          : { token_endpoint_auth_method: 'none' }),
        redirect_uris: [this.settings.redirectUri],
        response_types: ['code'],
        id_token_signed_response_alg: idTokenAlgorithm(discovery),
      });
      client[custom.http_options] = () => ({ timeout: HTTP_TIMEOUT_MS });
      client[custom.clock_tolerance] = this.verifier.settings.clockToleranceSec;
      return client;
    })().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  /** Where to send the browser, and the cookie that will let the callback finish the sign-in. */
  async start(retour: string): Promise<{ location: string; cookie: string }> {
    const client = await this.openClient();
    const { generators } = await openIdClient();
    const pending: PendingSignIn = {
      state: generators.state(),
      nonce: generators.nonce(),
      verifier: generators.codeVerifier(),
      retour,
      exp: this.now() + SIGN_IN_TTL_MS,
    };
    const location = client.authorizationUrl({
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { location, cookie: this.seal(pending) };
  }

  /** The callback: checks state, exchanges the code, verifies the ID token; the identity. */
  async finish(
    query: { code?: unknown; state?: unknown; error?: unknown },
    cookie: string | undefined,
  ): Promise<{ identity: Identity; retour: string }> {
    const pending = cookie ? this.open(cookie) : null;
    if (!pending) throw new AuthenticationError('No sign-in in progress (or it expired)', 'state');
    // Checked here before the library sees the query, so that each failure keeps its own reason.
    if (typeof query.error === 'string')
      throw new AuthenticationError(`The issuer refused the sign-in (${query.error})`, 'denied');
    if (typeof query.state !== 'string' || !sameText(query.state, pending.state))
      throw new AuthenticationError('The sign-in state does not match', 'state');
    if (typeof query.code !== 'string' || query.code.length === 0 || query.code.length > 2048)
      throw new AuthenticationError('The issuer sent no authorization code', 'code');

    const client = await this.openClient();
    try {
      const tokens = await client.callback(
        this.settings.redirectUri,
        { code: query.code, state: query.state },
        {
          state: pending.state,
          nonce: pending.nonce,
          code_verifier: pending.verifier,
          response_type: 'code',
        },
      );
      if (!tokens.id_token)
        throw new AuthenticationError('The token endpoint returned no ID token', 'token');
      const claims = tokens.claims() as JWTPayload;
      const merged =
        claims[this.verifier.settings.roleClaim] === undefined &&
        client.issuer.metadata.userinfo_endpoint &&
        tokens.access_token
          ? { ...(await this.userinfo(client, tokens, claims)), ...claims }
          : claims;
      return { identity: this.verifier.identityFrom(merged), retour: pending.retour };
    } catch (error) {
      throw fromLibrary(error);
    }
  }

  /**
   * Userinfo claims, for the same subject only. The request goes through the library, but the
   * answer is read by hand: openid-client 5 expects JSON or a JWT according to the client's
   * registration (`userinfo_signed_response_alg`), while the issuer decides (ProConnect sends a
   * signed JWT, most others JSON); the JWT is verified like an ID token, against the issuer's keys.
   */
  private async userinfo(client: BaseClient, tokens: TokenSet, idClaims: JWTPayload) {
    const response = await client.requestResource(
      client.issuer.metadata.userinfo_endpoint as string,
      tokens,
    );
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300)
      throw new AuthenticationError(`The userinfo endpoint refused (${status})`, 'userinfo');
    const text = (response.body ?? Buffer.alloc(0)).toString('utf8');
    const claims: JWTPayload = String(response.headers['content-type'] ?? '').includes(
      'application/jwt',
    )
      ? await this.verifier.claims(text, this.settings.clientId, { expiring: false })
      : (JSON.parse(text) as JWTPayload);
    if (claims.sub !== idClaims.sub)
      throw new AuthenticationError('The userinfo subject is not the ID token’s', 'userinfo');
    return claims;
  }

  private seal(pending: PendingSignIn): string {
    const payload = Buffer.from(JSON.stringify(pending)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  private open(cookie: string): PendingSignIn | null {
    const [payload, signature] = cookie.split('.');
    if (!payload || !signature || !sameText(signature, this.sign(payload))) return null;
    try {
      const pending = JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as PendingSignIn;
      return typeof pending.exp === 'number' && pending.exp >= this.now() ? pending : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`oidc-sign-in.${payload}`).digest('base64url');
  }
}
