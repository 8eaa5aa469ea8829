import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { identifyApiKey } from '../auth/api-keys';
import { AUTH_SETTINGS, type AuthSettings } from '../auth/auth.guard';
import { SESSION_COOKIE, cookieValue, readSession } from '../auth/session';

/**
 * One rate limit per client across every route (the library's default keeps one counter per
 * route, so a client turned away by one route could go on calling the others).
 *
 * The client is the API key or the dashboard session when the request carries a valid one
 * (ministries reach the API through shared proxies: one address is many agents), and the remote
 * address otherwise: unauthenticated calls, bearer tokens (verifying a token costs a signature
 * check, which is what a flood would aim at) and wrong keys, which therefore cannot buy a fresh
 * counter each. It runs before authentication, so floods are limited before any other work.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  @Inject(AUTH_SETTINGS) private readonly auth!: AuthSettings;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const req = request as unknown as FastifyRequest;
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0 && apiKey.length <= 200) {
      const identity = identifyApiKey(this.auth.apiKeys, apiKey);
      if (identity) return identity.subject;
    }
    const session = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (session) {
      const opened = readSession(this.auth.sessionSecret, session, Date.now());
      if (opened) return `session:${opened.identity.subject}`;
    }
    return `ip:${req.ip}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    return `${throttlerName}:${tracker}`;
  }
}
