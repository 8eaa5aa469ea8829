import { ForbiddenException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { csrfTokenMatches, type Session } from './session';

/** Methods that change nothing: no CSRF check (and no route of ours writes on them). */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type CrossSiteCode = 'AUTH.CSRF' | 'AUTH.CROSS_ORIGIN';

/** A request refused because it may come from another site: 403, with its own problem code. */
export class CrossSiteRequestError extends ForbiddenException {
  constructor(
    readonly problemCode: CrossSiteCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** `scheme://host[:port]` of a URL; undefined when it is not an http(s) URL. */
export const originOf = (value: unknown): string | undefined => {
  if (typeof value !== 'string' || value === 'null' || value.length > 2000) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * A write on the strength of the session cookie must come from our own pages: the browser sends
 * the cookie with every request to us, whoever made the page that sends it. Two checks, after
 * OWASP's CSRF cheat sheet ("Verifying Origin with standard headers", and a synchronizer token
 * bound to the session):
 * - the request's `Origin` (else its `Referer`) is this server, as the browser reached it or as
 *   `PUBLIC_URL` names it behind a proxy; a request naming neither is refused;
 * - it carries the session's CSRF token, in the form field `_csrf` or the header `X-CSRF-Token`.
 * Throws {@link CrossSiteRequestError}.
 */
export const checkSameSite = (
  request: FastifyRequest,
  session: Session,
  secret: Buffer,
  publicUrl: string,
): void => {
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  if (origin === undefined)
    throw new CrossSiteRequestError(
      'AUTH.CROSS_ORIGIN',
      'A request authenticated by the session cookie must name its origin (Origin or Referer header)',
    );
  const own = new Set([
    originOf(publicUrl),
    originOf(`${request.protocol}://${request.headers.host ?? ''}`),
  ]);
  if (!own.has(origin))
    throw new CrossSiteRequestError(
      'AUTH.CROSS_ORIGIN',
      `A request from ${origin} may not use this site's session cookie`,
    );
  const body = request.body;
  const field =
    body && typeof body === 'object' && !Buffer.isBuffer(body)
      ? (body as Record<string, unknown>)._csrf
      : undefined;
  if (!csrfTokenMatches(secret, session.id, field ?? request.headers['x-csrf-token']))
    throw new CrossSiteRequestError(
      'AUTH.CSRF',
      'The CSRF token of this session is missing or wrong (form field _csrf or header X-CSRF-Token)',
    );
};
