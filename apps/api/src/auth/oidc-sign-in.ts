import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { Identity } from './identity';
import { AuthenticationError, type OidcVerifier } from './oidc-verifier';

export interface OidcClientSettings {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  readonly redirectUri: string;
}

/** The short-lived cookie that carries a sign-in from the redirect to the callback. */
export const SIGN_IN_COOKIE = 'cosinum_oidc';
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;

interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly retour: string;
  readonly exp: number;
}

const random = () => randomBytes(32).toString('base64url');
const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The dashboard's sign-in with the OpenID Connect authorization-code flow (ProConnect): PKCE
 * (S256), `state` against cross-site forgery and `nonce` against replay, both kept in a signed,
 * HttpOnly cookie that lives ten minutes; the ID token is verified as a bearer token is
 * (signature against the issuer's JWKS, issuer, audience = the client id, expiry) and its nonce
 * checked. Role and ministry come from the same claims, read from the ID token or, when the issuer
 * puts them there (as ProConnect does), from the userinfo endpoint.
 */
export class OidcSignIn {
  constructor(
    private readonly verifier: OidcVerifier,
    private readonly client: OidcClientSettings,
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Where to send the browser, and the cookie that will let the callback finish the sign-in. */
  async start(retour: string): Promise<{ location: string; cookie: string }> {
    const { authorization_endpoint: endpoint } = await this.verifier.discovery();
    if (!endpoint)
      throw new AuthenticationError('The issuer publishes no authorization endpoint', 'discovery');
    const pending: PendingSignIn = {
      state: random(),
      nonce: random(),
      verifier: random(),
      retour,
      exp: this.now() + SIGN_IN_TTL_MS,
    };
    const url = new URL(endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.client.clientId,
      redirect_uri: this.client.redirectUri,
      scope: this.client.scopes.join(' '),
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { location: url.toString(), cookie: this.seal(pending) };
  }

  /** The callback: checks state, exchanges the code, verifies the ID token; the identity. */
  async finish(
    query: { code?: unknown; state?: unknown; error?: unknown },
    cookie: string | undefined,
  ): Promise<{ identity: Identity; retour: string }> {
    const pending = cookie ? this.open(cookie) : null;
    if (!pending) throw new AuthenticationError('No sign-in in progress (or it expired)', 'state');
    if (typeof query.error === 'string')
      throw new AuthenticationError(`The issuer refused the sign-in (${query.error})`, 'denied');
    if (typeof query.state !== 'string' || !sameText(query.state, pending.state))
      throw new AuthenticationError('The sign-in state does not match', 'state');
    if (typeof query.code !== 'string' || query.code.length === 0 || query.code.length > 2048)
      throw new AuthenticationError('The issuer sent no authorization code', 'code');

    const discovery = await this.verifier.discovery();
    if (!discovery.token_endpoint)
      throw new AuthenticationError('The issuer publishes no token endpoint', 'discovery');
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.code,
      redirect_uri: this.client.redirectUri,
      code_verifier: pending.verifier,
    });
    if (this.client.clientSecret)
      headers.authorization = `Basic ${Buffer.from(
        `${encodeURIComponent(this.client.clientId)}:${encodeURIComponent(this.client.clientSecret)}`,
      ).toString('base64')}`;
    else form.set('client_id', this.client.clientId);
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers,
      body: form,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new AuthenticationError(
        `The token endpoint refused the code (${response.status})`,
        'token',
      );
    const tokens = (await response.json()) as { id_token?: unknown; access_token?: unknown };
    if (typeof tokens.id_token !== 'string')
      throw new AuthenticationError('The token endpoint returned no ID token', 'token');

    const claims = await this.verifier.claims(tokens.id_token, this.client.clientId);
    if (typeof claims.nonce !== 'string' || !sameText(claims.nonce, pending.nonce))
      throw new AuthenticationError('The ID token does not carry this sign-in’s nonce', 'nonce');
    const merged =
      claims[this.verifier.settings.roleClaim] === undefined &&
      discovery.userinfo_endpoint &&
      typeof tokens.access_token === 'string'
        ? {
            ...(await this.userinfo(discovery.userinfo_endpoint, tokens.access_token, claims)),
            ...claims,
          }
        : claims;
    return { identity: this.verifier.identityFrom(merged), retour: pending.retour };
  }

  /** Userinfo claims (JSON, or a signed JWT as ProConnect sends), for the same subject only. */
  private async userinfo(endpoint: string, accessToken: string, idClaims: JWTPayload) {
    const response = await fetch(endpoint, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new AuthenticationError(
        `The userinfo endpoint refused (${response.status})`,
        'userinfo',
      );
    const text = await response.text();
    const claims: JWTPayload = (response.headers.get('content-type') ?? '').includes(
      'application/jwt',
    )
      ? await this.verifier.claims(text, this.client.clientId)
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
