import type { RecordedEvent } from '@cosinum/event-store';

/** The event sign-out records, in the stream `session-<id>`. */
export const SESSION_REVOKED = 'SessionRevoked';

export interface SessionRevokedData {
  readonly sessionId: string;
  /** When the session would have expired anyway (epoch ms): after it, forgetting it is safe. */
  readonly expiresAt: number;
}

/**
 * Dashboard sessions signed out before they expired, folded from `SessionRevoked` events like any
 * read model: every server refuses a revoked session's cookie once it has read the event, and
 * a restart forgets nothing. Revocations are dropped once their session would have expired.
 */
export interface SessionsSnapshot {
  readonly checkpoint: number;
  readonly revoked: ReadonlyMap<string, number>;
}

export class SessionsIndex {
  readonly name = 'sessions-index';
  private checkpoint = 0;
  private revoked = new Map<string, number>();

  get position(): number {
    return this.checkpoint;
  }

  apply(event: RecordedEvent): void {
    if (event.position <= this.checkpoint) return;
    this.checkpoint = event.position;
    if (event.type !== SESSION_REVOKED) return;
    const data = event.data as Partial<SessionRevokedData>;
    // A session that has expired anyway needs no memory: its cookie's own expiry refuses it.
    if (
      typeof data.sessionId === 'string' &&
      typeof data.expiresAt === 'number' &&
      data.expiresAt > Date.now()
    )
      this.revoke(data.sessionId, data.expiresAt);
  }

  /** Also called by the server that signs the session out, so that it refuses it at once. */
  revoke(sessionId: string, expiresAt: number): void {
    this.revoked.set(sessionId, expiresAt);
    // Forget the expired ones now and then, so that the index holds at most 8 hours of sign-outs.
    if (this.revoked.size % 1024 === 0) {
      const now = Date.now();
      for (const [id, until] of this.revoked) if (until < now) this.revoked.delete(id);
    }
  }

  /** For a read-model snapshot: the checkpoint and the sign-outs still remembered. */
  toSnapshot(): SessionsSnapshot {
    return { checkpoint: this.checkpoint, revoked: this.revoked };
  }

  restore(snapshot: SessionsSnapshot): void {
    this.revoked = new Map(snapshot.revoked);
    this.checkpoint = snapshot.checkpoint;
  }

  isRevoked(sessionId: string, now: number): boolean {
    const until = this.revoked.get(sessionId);
    if (until === undefined) return false;
    if (until < now) {
      this.revoked.delete(sessionId);
      return false; // expired anyway: the cookie's own expiry refuses it
    }
    return true;
  }
}
