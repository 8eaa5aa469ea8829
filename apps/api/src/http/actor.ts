import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@cosinum/event-store';
import type { FastifyRequest } from 'fastify';

/**
 * The actor recorded on every event. Until authentication lands (API keys / ProConnect), every
 * request is recorded as `anonymous`: the actor never comes from the request body.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
  return request.actor ?? { subject: 'anonymous', role: 'unauthenticated' };
});

export const correlationIdOf = (request: FastifyRequest): string => String(request.id);
