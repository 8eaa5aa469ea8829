import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { Identity } from '../auth/identity';

/**
 * Who is looking at a dashboard page, as the page needs it: the role and ministry (which buttons
 * and menu entries to show) and, for a browser signed in with a session, the CSRF token its
 * forms must carry (`_csrf`). A script reading the pages with an API key has no token and needs
 * none: its requests carry no cookie.
 */
export interface Viewer {
  readonly identity: Identity;
  readonly csrf?: string;
}

export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return {
    identity: request.identity!,
    ...(request.csrfToken !== undefined && { csrf: request.csrfToken }),
  } satisfies Viewer;
});
