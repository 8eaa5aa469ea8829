import {
  handleCommand,
  type Decider,
  type EventStore,
  type CommandHandled,
} from '@cosinum/event-store';
import { SESSION_REVOKED, type SessionRevokedData } from '@cosinum/projections';
import { actorOf } from './identity';
import type { Session } from './session';

interface Revoked {
  readonly type: typeof SESSION_REVOKED;
  readonly data: SessionRevokedData;
}

/** A session's stream: signed out once; signing out again records nothing. */
const sessionDecider: Decider<Session, boolean, Revoked, { type: string }> = {
  decide: (session, revoked) =>
    revoked
      ? []
      : [{ type: SESSION_REVOKED, data: { sessionId: session.id, expiresAt: session.expiresAt } }],
  evolve: (revoked, event) => revoked || event.type === SESSION_REVOKED,
  initialState: () => false,
};

/**
 * Records that a session was signed out, in the stream `session-<id>`, by the person it belonged
 * to: every server's `SessionsIndex` then refuses its cookie, even one copied before sign-out.
 */
export const recordSignOut = (
  store: EventStore,
  session: Session,
  now: () => string,
  correlationId?: string,
): Promise<CommandHandled<Revoked>> =>
  handleCommand(store, sessionDecider, session, {
    streamName: `session-${session.id}`,
    context: { actor: actorOf(session.identity), correlationId },
    now,
    maxAttempts: 3,
  });
