import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConcurrencyConflictError } from '@cosinum/event-store';
import { DomainError, type DomainErrorKind } from '@cosinum/domain';
import { DuplicateEventIdError } from '@cosinum/event-store';
import type { Identity } from '../auth/identity';
import { forbiddenPage, refusedFormPage } from '../dashboard/forbidden.page';
import { CrossSiteRequestError } from '../auth/same-site';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { InputValidationException, problemType, type ProblemDetails } from './problem';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid: HttpStatus.BAD_REQUEST,
  rejected: HttpStatus.UNPROCESSABLE_ENTITY,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const TRANSPORT_CODES: Record<number, string> = {
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  400: 'REQUEST.MALFORMED',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.RATE_LIMITED',
};
const BODY_ERRORS = new Set([400, 413, 415]);

/** Dashboard HTML pages (not its CSV/XLSX exports, which stay problem+json like the API). */
const isDashboardPage = (url: string): boolean =>
  /^\/tableau-de-bord(\/|\?|$)/.test(url) && !/^\/tableau-de-bord\/export\./.test(url);

/** Every error leaves as `application/problem+json` (RFC 9457); internals never leak. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = this.toProblem(exception);
    if (
      problem.status === 401 &&
      ((request.method === 'GET' && request.url.startsWith('/tableau-de-bord')) ||
        (request.method === 'POST' && isDashboardPage(request.url)))
    ) {
      // A browser on a dashboard page signs in first, then comes back; a form posted after its
      // session ended (or was signed out) likewise, to the form's page (each dashboard form is
      // served at the address it posts to), nothing written.
      void reply
        .status(303)
        .header('location', `/connexion?retour=${encodeURIComponent(request.url)}`)
        .send();
      return;
    }
    if (problem.status === 401 || problem.status === 403) {
      // Who was refused what, and why (the time is the log line's): for the security log.
      const identity = (request as FastifyRequest & { identity?: Identity }).identity;
      this.logger.warn({
        msg: problem.status === 401 ? 'Authentication refused' : 'Authorization refused',
        status: problem.status,
        method: request.method,
        url: request.url.split('?')[0],
        ip: request.ip,
        ...(identity && {
          subject: identity.subject,
          role: identity.role,
          ministry: identity.ministry,
        }),
        reason: problem.detail,
      });
    }
    if (
      exception instanceof CrossSiteRequestError &&
      (isDashboardPage(request.url) || request.url.startsWith('/deconnexion'))
    ) {
      void reply
        .status(403)
        .header('content-type', 'text/html; charset=utf-8')
        .send(refusedFormPage(exception.problemCode, request.url.split('?')[0]));
      return;
    }
    if (problem.status === 403 && isDashboardPage(request.url)) {
      // A browser on a dashboard page gets a French page, with the way to what it may see.
      const { identity, csrfToken } = request as AuthenticatedRequest;
      void reply
        .status(403)
        .header('content-type', 'text/html; charset=utf-8')
        .send(
          forbiddenPage(
            identity?.ministry,
            identity && { identity, ...(csrfToken !== undefined && { csrf: csrfToken }) },
          ),
        );
      return;
    }
    problem.instance = request.url.split('?')[0];
    const challenge = (exception as { wwwAuthenticate?: string }).wwwAuthenticate;
    if (challenge) void reply.header('www-authenticate', challenge);
    if (problem.status >= 500) {
      this.logger.error({ msg: 'Unhandled error', err: exception, url: request.url });
    }
    void reply
      .status(problem.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof InputValidationException) {
      return {
        type: problemType('REQUEST.INVALID'),
        title: 'Invalid request',
        status: 400,
        code: 'REQUEST.INVALID',
        detail:
          exception.total > exception.fieldErrors.length
            ? `${exception.total} errors; the first ${exception.fieldErrors.length} are listed`
            : exception.fieldErrors.map((e) => e.message).join('; '),
        errors: exception.fieldErrors,
        ...(exception.total > exception.fieldErrors.length && { totalErrors: exception.total }),
      };
    }
    if (exception instanceof DomainError) {
      const status = STATUS_OF_KIND[exception.kind];
      return {
        type: problemType(exception.code),
        title: TITLES[status],
        status,
        code: exception.code,
        detail: exception.message,
        ...(exception.field
          ? { errors: [{ field: exception.field, message: exception.message }] }
          : {}),
      };
    }
    if (
      exception instanceof ConcurrencyConflictError ||
      exception instanceof DuplicateEventIdError
    ) {
      return {
        type: problemType(exception.code),
        title: 'Conflict',
        status: 409,
        code: exception.code,
        detail: 'The resource changed too often while this request was being handled; try again.',
      };
    }
    const status =
      exception instanceof HttpException
        ? exception.getStatus()
        : (exception as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Nest's own HTTP errors, and Fastify's before routing: malformed JSON, body too large,
      // media type. The body is the field at fault when there is no better name.
      const code =
        (exception as { problemCode?: string }).problemCode ??
        TRANSPORT_CODES[status] ??
        `HTTP.${status}`;
      const detail =
        status === 415
          ? `The request body must be sent as application/json (${(exception as Error).message})`
          : (exception as Error).message;
      return {
        type: problemType(code),
        title: TITLES[status] ?? 'Error',
        status,
        code,
        detail,
        ...(BODY_ERRORS.has(status) ? { errors: [{ field: 'body', message: detail }] } : {}),
      };
    }
    return {
      type: problemType('INTERNAL'),
      title: TITLES[500],
      status: 500,
      code: 'INTERNAL',
      detail: 'An unexpected error occurred; it has been logged.',
    };
  }
}
