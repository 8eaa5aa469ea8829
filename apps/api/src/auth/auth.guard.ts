import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { identifyApiKey, type ApiKeyEntry } from './api-keys';
import { cookieValue, csrfTokenOf, readSession, SESSION_COOKIE, type Session } from './session';
import { checkSameSite, SAFE_METHODS } from './same-site';
import { actorOf, type Identity, type Role } from './identity';
import { APP_CONFIG, CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { takenOverBy } from '@cosinum/domain';
import { AuthenticationError, type OidcVerifier } from './oidc-verifier';
import type { OidcSignIn } from './oidc-sign-in';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface AuthSettings {
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly oidc: OidcVerifier | null;
  /** Signs the dashboard's session cookies. */
  readonly sessionSecret: Buffer;
  /** The dashboard's OIDC sign-in (authorization-code flow), when a client is configured. */
  readonly signIn: OidcSignIn | null;
}

export type AuthenticatedRequest = FastifyRequest & {
  identity?: Identity;
  actor?: ReturnType<typeof actorOf>;
  /** Set when the request was authenticated by the dashboard's session cookie. */
  session?: Session;
  /** The session's CSRF token, for the forms of the page being rendered. */
  csrfToken?: string;
};

const unauthenticated = (detail: string) =>
  Object.assign(new UnauthorizedException(detail), {
    wwwAuthenticate: 'Bearer realm="cosinum", ApiKey header="X-API-Key"',
  });

/**
 * Deny by default: every route declares who may call it (`@Roles`) or that anyone may (`@Public`).
 * The identity comes from an API key (`X-API-Key`) or an OIDC bearer token, never from the body;
 * it becomes the actor of every event the request records.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly projections: ProjectionService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0)
      throw new ForbiddenException('This route declares no access rule: denied');
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const identity = this.successorOf(await this.authenticate(request));
    // A browser's cookie goes with every request to us, whoever made the page that sends it: a
    // write on the cookie's strength must come from our own pages (OWASP CSRF cheat sheet:
    // "Verifying Origin with standard headers" and a synchronizer token bound to the session).
    if (request.session && !SAFE_METHODS.has(request.method))
      checkSameSite(
        request,
        request.session,
        this.settings.sessionSecret,
        this.config.reminders.publicUrl,
      );
    if (!roles.includes(identity.role)) {
      throw new ForbiddenException(
        `The ${identity.role} role may not call this route (allowed: ${roles.join(', ')})`,
      );
    }
    request.identity = identity;
    request.actor = actorOf(identity);
    return true;
  }

  /**
   * A ministry key marked `follow` acts for the ministry its own was merged into, as the
   * organisation chart knows it now (through successive mergers; a split has several successors,
   * so the key keeps its own code there).
   */
  private successorOf(identity: Identity): Identity {
    if (!identity.followsSuccessor || !identity.ministry) return identity;
    const now = this.clock.now();
    // The chart's own rule (takenOverBy follows successive endings, as known now); a split
    // names several successors, and no commitment here to choose between them.
    const successors = takenOverBy(this.projections.commitments.chart, identity.ministry, '', {
      asOf: now,
      knownAt: now,
    });
    return successors.length === 1
      ? { ...identity, ministry: successors[0].code, ministryOfCredential: identity.ministry }
      : identity;
  }

  private async authenticate(request: FastifyRequest): Promise<Identity> {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      const identity = apiKey.length <= 200 ? identifyApiKey(this.settings.apiKeys, apiKey) : null;
      if (!identity) throw unauthenticated('Unknown API key');
      return identity;
    }
    const authorization = request.headers.authorization;
    const bearer =
      typeof authorization === 'string'
        ? /^Bearer\s+(\S{1,8192})$/i.exec(authorization)?.[1]
        : undefined;
    if (!bearer) {
      // The dashboard's browsers carry a signed session cookie instead (see /connexion).
      const session = cookieValue(request.headers.cookie, SESSION_COOKIE);
      const opened = session ? readSession(this.settings.sessionSecret, session, Date.now()) : null;
      if (opened && this.projections.sessions.isRevoked(opened.id, Date.now()))
        throw unauthenticated('This session was signed out: sign in again');
      if (opened) {
        (request as AuthenticatedRequest).session = opened;
        (request as AuthenticatedRequest).csrfToken = csrfTokenOf(
          this.settings.sessionSecret,
          opened.id,
        );
        return opened.identity;
      }
      throw unauthenticated(
        'Credentials required: an X-API-Key header or an Authorization: Bearer token',
      );
    }
    if (!this.settings.oidc)
      throw unauthenticated('Bearer tokens are not accepted: no OIDC issuer is configured');
    try {
      return await this.settings.oidc.verify(bearer);
    } catch (error) {
      if (error instanceof AuthenticationError) throw unauthenticated(error.message);
      throw error;
    }
  }
}
