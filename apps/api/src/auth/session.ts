import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Identity } from './identity';

export const SESSION_COOKIE = 'cosinum_session';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** The secret that signs dashboard sessions: from the data directory, created on first use. */
export const loadOrCreateSessionSecret = (file: string): Buffer => {
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
};

const sign = (secret: Buffer, payload: string) =>
  createHmac('sha256', secret).update(payload).digest('base64url');

/** A signed-in browser: who, which session (its id, for CSRF and revocation), until when. */
export interface Session {
  readonly identity: Identity;
  /** Random, 128 bits: what sign-out revokes and what the CSRF token is bound to. */
  readonly id: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/**
 * `payload.signature`, payload = base64url JSON of the identity, a fresh session id and its
 * expiry. Returns the cookie value and the session it opens.
 */
export const issueSession = (
  secret: Buffer,
  identity: Identity,
  now: number,
): { readonly token: string; readonly session: Session } => {
  const id = randomBytes(16).toString('base64url');
  const expiresAt = now + SESSION_TTL_MS;
  const payload = Buffer.from(
    JSON.stringify({
      sid: id,
      sub: identity.subject,
      role: identity.role,
      ministry: identity.ministry,
      via: identity.via,
      exp: expiresAt,
    }),
  ).toString('base64url');
  return { token: `${payload}.${sign(secret, payload)}`, session: { identity, id, expiresAt } };
};

/** The session a cookie carries, if its signature holds and it has not expired (revocation aside). */
export const readSession = (secret: Buffer, token: string, now: number): Session | null => {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sid?: unknown;
      sub: string;
      role: Identity['role'];
      ministry?: string;
      via?: Identity['via'];
      exp: number;
    };
    if (typeof data.exp !== 'number' || data.exp < now) return null;
    // Cookies issued before sessions had an id cannot be revoked nor carry a CSRF token: refused.
    if (typeof data.sid !== 'string' || !/^[\w-]{22}$/.test(data.sid)) return null;
    return {
      id: data.sid,
      expiresAt: data.exp,
      identity: {
        subject: data.sub,
        role: data.role,
        ministry: data.ministry,
        via: data.via === 'oidc' ? 'oidc' : 'api-key',
      },
    };
  } catch {
    return null;
  }
};

export const cookieValue = (header: string | undefined, name: string): string | undefined => {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
};

/**
 * The CSRF token of a session: an HMAC of its id under the session secret, so that it needs no
 * storage, differs per session and dies with it (OWASP's "signed double-submit" pattern, bound to
 * the session). Every dashboard form carries it in the hidden field `_csrf`.
 */
export const csrfTokenOf = (secret: Buffer, sessionId: string): string =>
  sign(secret, `csrf:${sessionId}`);

export const csrfTokenMatches = (secret: Buffer, sessionId: string, given: unknown): boolean => {
  if (typeof given !== 'string' || given.length > 100) return false;
  const expected = Buffer.from(csrfTokenOf(secret, sessionId));
  const candidate = Buffer.from(given);
  return expected.length === candidate.length && timingSafeEqual(expected, candidate);
};
