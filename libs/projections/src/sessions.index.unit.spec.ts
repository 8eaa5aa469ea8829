import type { RecordedEvent } from '@cosinum/event-store';
import { SESSION_REVOKED, SessionsIndex } from './sessions.index';

const revoked = (position: number, sessionId: string, expiresAt: number): RecordedEvent =>
  ({
    position,
    type: SESSION_REVOKED,
    streamName: `session-${sessionId}`,
    data: { sessionId, expiresAt },
  }) as unknown as RecordedEvent;

describe('the sessions signed out', () => {
  it('refuses a signed-out session until it would have expired, and forgets expired ones', () => {
    const index = new SessionsIndex();
    const later = Date.now() + 60_000;
    index.apply(revoked(1, 'a'.repeat(22), later));
    index.apply(revoked(2, 'b'.repeat(22), Date.now() - 1));
    expect(index.isRevoked('a'.repeat(22), Date.now())).toBe(true);
    expect(index.isRevoked('c'.repeat(22), Date.now())).toBe(false);
    // Expired before it was read: not kept (its cookie's expiry refuses it anyway).
    expect(index.isRevoked('b'.repeat(22), Date.now() - 10)).toBe(false);
    // After its expiry the revocation is dropped.
    expect(index.isRevoked('a'.repeat(22), later + 1)).toBe(false);
    expect(index.position).toBe(2);
  });

  it('reads each event once, whatever the replay', () => {
    const index = new SessionsIndex();
    const later = Date.now() + 60_000;
    index.apply(revoked(5, 'a'.repeat(22), later));
    index.apply(revoked(3, 'd'.repeat(22), later));
    expect(index.isRevoked('d'.repeat(22), Date.now())).toBe(false);
  });
});
