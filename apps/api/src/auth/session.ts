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

/** `payload.signature`, payload = base64url JSON of the identity and its expiry. */
export const issueSession = (secret: Buffer, identity: Identity, now: number): string => {
  const payload = Buffer.from(
    JSON.stringify({
      sub: identity.subject,
      role: identity.role,
      ministry: identity.ministry,
      via: identity.via,
      exp: now + SESSION_TTL_MS,
    }),
  ).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
};

export const readSession = (secret: Buffer, token: string, now: number): Identity | null => {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      sub: string;
      role: Identity['role'];
      ministry?: string;
      via?: Identity['via'];
      exp: number;
    };
    if (typeof data.exp !== 'number' || data.exp < now) return null;
    return {
      subject: data.sub,
      role: data.role,
      ministry: data.ministry,
      via: data.via === 'oidc' ? 'oidc' : 'api-key',
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
