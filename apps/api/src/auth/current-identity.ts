import { createParamDecorator, ForbiddenException, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth.guard';
import type { Identity } from './identity';

export const CurrentIdentity = createParamDecorator(
  (_: unknown, context: ExecutionContext): Identity => {
    const identity = context.switchToHttp().getRequest<AuthenticatedRequest>().identity;
    if (!identity) throw new ForbiddenException('No identity on this request');
    return identity;
  },
);

/**
 * A ministry acts and reads for itself only. Returns the ministry a request may see: its own for
 * a ministry identity (asking for another is refused), the one asked for (or none) otherwise.
 */
export const scopeMinistry = (
  identity: Identity,
  requested: string | undefined,
  what = 'ministry',
): string | undefined => {
  if (identity.role !== 'ministry') return requested;
  if (requested !== undefined && requested !== identity.ministry) {
    throw new ForbiddenException(
      `A ${identity.ministry} identity may not use ${what} ${requested}`,
    );
  }
  return identity.ministry;
};
