import type { JWTPayload } from 'jose';
import { isKnownOrganisation } from '@cosinum/domain';
import { ROLES, type Identity, type Role } from './identity';

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Optional: otherwise read from the issuer's discovery document. */
  readonly jwksUrl?: string;
  readonly roleClaim: string;
  readonly ministryClaim: string;
  /** Allowed clock skew, in seconds. */
  readonly clockToleranceSec: number;
}

export class AuthenticationError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * Bearer tokens as issued by ProConnect (formerly AgentConnect): signature against the issuer's
 * JWKS (RS256 or ES256), issuer, audience, expiry and not-before; role and ministry from
 * configurable claims. `exp` is required.
 */
/** What the issuer publishes at `/.well-known/openid-configuration` (the parts used here). */
export interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint?: string;
  readonly token_endpoint?: string;
  readonly userinfo_endpoint?: string;
  readonly jwks_uri?: string;
}

type Jose = typeof import('jose');
let library: Jose | undefined;
/** jose, loaded on the first token verified, not when the server starts (nor without OIDC). */
const jose = async (): Promise<Jose> => (library ??= await import('jose'));

const refusal = (error: unknown): AuthenticationError => {
  if (error instanceof AuthenticationError) return error;
  // The library's errors exist only once it is loaded (by `claims`, before any of its calls).
  const errors = library?.errors;
  const reason = !errors
    ? 'invalid'
    : error instanceof errors.JWTExpired
      ? 'expired'
      : error instanceof errors.JWTClaimValidationFailed
        ? `claim ${error.claim}`
        : error instanceof errors.JWSSignatureVerificationFailed
          ? 'signature'
          : 'invalid';
  return new AuthenticationError(`The token was refused (${reason})`, reason);
};

export class OidcVerifier {
  private jwks?: ReturnType<Jose['createRemoteJWKSet']>;
  private discovered?: Promise<Discovery>;

  constructor(
    readonly settings: OidcSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The issuer's discovery document, fetched once (a failed fetch is tried again next time). */
  discovery(): Promise<Discovery> {
    this.discovered ??= (async () => {
      const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok)
        throw new AuthenticationError(`OIDC discovery failed (${response.status})`, 'discovery');
      return (await response.json()) as Discovery;
    })().catch((error: unknown) => {
      this.discovered = undefined;
      throw error instanceof AuthenticationError
        ? error
        : new AuthenticationError(`OIDC discovery failed (${String(error)})`, 'discovery');
    });
    return this.discovered;
  }

  private async keySet(): Promise<ReturnType<Jose['createRemoteJWKSet']>> {
    if (this.jwks) return this.jwks;
    const url = this.settings.jwksUrl ?? (await this.discovery()).jwks_uri;
    if (!url)
      throw new AuthenticationError('The OIDC discovery document has no jwks_uri', 'discovery');
    this.jwks = (await jose()).createRemoteJWKSet(new URL(url));
    return this.jwks;
  }

  /** Signature (RS256/ES256) against the issuer's keys, issuer, audience, expiry, not-before. */
  async claims(
    token: string,
    audience = this.settings.audience,
    { expiring = true }: { expiring?: boolean } = {},
  ): Promise<JWTPayload> {
    try {
      const { jwtVerify } = await jose();
      const { payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.settings.issuer,
        audience,
        algorithms: ['RS256', 'ES256'],
        // A token without `exp` would be valid for ever: refused, as RFC 9068 (JWT access
        // tokens) and OIDC Core (ID tokens) both make `exp` mandatory. A signed userinfo answer
        // (OIDC Core 5.3.2) need not carry one: it is read once, at sign-in.
        requiredClaims: expiring ? ['exp'] : [],
        clockTolerance: this.settings.clockToleranceSec,
        currentDate: this.now(),
      });
      return payload;
    } catch (error) {
      throw refusal(error);
    }
  }

  async verify(token: string): Promise<Identity> {
    try {
      return this.identityFrom(await this.claims(token));
    } catch (error) {
      const refused = refusal(error);
      throw new AuthenticationError(
        refused.message.replace('The token was refused', 'The bearer token was refused'),
        refused.reason,
      );
    }
  }

  /** Role and ministry from the configured claims; a ministry role needs a known ministry. */
  identityFrom(payload: JWTPayload): Identity {
    const role = payload[this.settings.roleClaim];
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw new AuthenticationError(
        `The token carries no valid "${this.settings.roleClaim}" claim`,
        'role',
      );
    }
    const ministry = payload[this.settings.ministryClaim];
    if (role === 'ministry' && (typeof ministry !== 'string' || !isKnownOrganisation(ministry))) {
      throw new AuthenticationError(
        `A ministry token needs a known "${this.settings.ministryClaim}" claim`,
        'ministry',
      );
    }
    if (!payload.sub) throw new AuthenticationError('The token has no subject', 'sub');
    return {
      subject: `oidc:${payload.sub}`,
      role: role as Role,
      ministry: role === 'ministry' ? (ministry as string) : undefined,
      via: 'oidc',
    };
  }
}
