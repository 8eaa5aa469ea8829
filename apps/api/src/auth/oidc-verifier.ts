import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
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
 * configurable claims.
 */
export class OidcVerifier {
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (this.jwks) return this.jwks;
    let url = this.settings.jwksUrl;
    if (!url) {
      const discovery = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(discovery);
      if (!response.ok)
        throw new AuthenticationError(`OIDC discovery failed (${response.status})`, 'discovery');
      url = ((await response.json()) as { jwks_uri?: string }).jwks_uri;
      if (!url)
        throw new AuthenticationError('The OIDC discovery document has no jwks_uri', 'discovery');
    }
    this.jwks = createRemoteJWKSet(new URL(url));
    return this.jwks;
  }

  async verify(token: string): Promise<Identity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: this.settings.clockToleranceSec,
        currentDate: this.now(),
      }));
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const reason =
        error instanceof errors.JWTExpired
          ? 'expired'
          : error instanceof errors.JWTClaimValidationFailed
            ? `claim ${error.claim}`
            : error instanceof errors.JWSSignatureVerificationFailed
              ? 'signature'
              : 'invalid';
      throw new AuthenticationError(`The bearer token was refused (${reason})`, reason);
    }
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
