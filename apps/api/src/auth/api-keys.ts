import { createHash, timingSafeEqual } from 'node:crypto';
import { ORGANISATION_CODE, isKnownOrganisation } from '@cosinum/domain';
import { ROLES, type Identity, type Role } from './identity';

export interface ApiKeyEntry {
  readonly name: string;
  readonly role: Role;
  readonly ministry?: string;
  /**
   * A ministry key marked `follow`: once its ministry is merged into another (as the organisation
   * chart knows it now), it acts for the successor. Without it, a key of a merged ministry keeps
   * its own, closed code and sees only that history.
   */
  readonly follow?: boolean;
  /** SHA-256 of the key: the key itself is never stored. */
  readonly hash: Buffer;
}

export const hashApiKey = (key: string): string =>
  createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * `API_KEYS`: comma-separated `name:role[:MINISTRY[:follow]]:sha256hex` entries, e.g.
 * `dinum-analyst:analyst:9f86…,dnum-mi:ministry:MI:2c26…` (`npx cosinum api-key new` makes them);
 * `dnum-macp:ministry:MACP:follow:…` follows its ministry into the one it is merged into.
 */
export const parseApiKeys = (value: string): ApiKeyEntry[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const parts = entry.split(':');
      const [name, role] = parts;
      const hash = parts[parts.length - 1];
      const ministry = parts.length >= 4 ? parts[2] : undefined;
      const follow = parts.length === 5;
      if (
        parts.length < 3 ||
        parts.length > 5 ||
        (follow && parts[3] !== 'follow') ||
        !/^[\w.@-]{1,64}$/.test(name)
      ) {
        throw new Error(
          `API_KEYS entry "${name ?? entry}": expected name:role[:MINISTRY[:follow]]:sha256hex`,
        );
      }
      if (!(ROLES as readonly string[]).includes(role))
        throw new Error(`API_KEYS entry "${name}": role must be one of ${ROLES.join(', ')}`);
      if (!/^[0-9a-f]{64}$/.test(hash))
        throw new Error(
          `API_KEYS entry "${name}": the last part must be the SHA-256 (64 hex digits) of the key`,
        );
      // A code of the reference list, or one shaped like the codes the organisation chart
      // records (created through POST /api/ministries after this configuration was written).
      if (
        role === 'ministry' &&
        (!ministry || !(isKnownOrganisation(ministry) || ORGANISATION_CODE.test(ministry)))
      ) {
        throw new Error(
          `API_KEYS entry "${name}": a ministry key names a ministry code (name:ministry:MI:hash)`,
        );
      }
      if (role !== 'ministry' && ministry)
        throw new Error(`API_KEYS entry "${name}": only ministry keys name a ministry`);
      return {
        name,
        role: role as Role,
        ministry,
        ...(follow && { follow: true }),
        hash: Buffer.from(hash, 'hex'),
      };
    });

/**
 * Well-known keys for trying the product on one's own machine. They are accepted only while the
 * server listens on the loopback interface and no other credential is configured (see auth.config).
 */
export const DEMO_KEYS: readonly { key: string; name: string; role: Role; ministry?: string }[] = [
  { key: 'demo-analyst', name: 'demo-analyst', role: 'analyst' },
  { key: 'demo-auditor', name: 'demo-auditor', role: 'auditor' },
  { key: 'demo-ministere-mi', name: 'demo-ministere-mi', role: 'ministry', ministry: 'MI' },
  { key: 'demo-ministere-mj', name: 'demo-ministere-mj', role: 'ministry', ministry: 'MJ' },
];

export const demoKeyEntries = (): ApiKeyEntry[] =>
  DEMO_KEYS.map((d) => ({
    name: d.name,
    role: d.role,
    ministry: d.ministry,
    hash: Buffer.from(hashApiKey(d.key), 'hex'),
  }));

/** Compares hashes in constant time, and every entry, so timing tells nothing about which matched. */
export const identifyApiKey = (
  entries: readonly ApiKeyEntry[],
  presented: string,
): Identity | null => {
  const hash = createHash('sha256').update(presented, 'utf8').digest();
  let found: ApiKeyEntry | null = null;
  for (const entry of entries) if (timingSafeEqual(entry.hash, hash) && !found) found = entry;
  return found
    ? {
        subject: `api-key:${found.name}`,
        role: found.role,
        ministry: found.ministry,
        ...(found.follow && { followsSuccessor: true }),
        via: 'api-key',
      }
    : null;
};
