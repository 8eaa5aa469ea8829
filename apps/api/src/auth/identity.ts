import type { Actor } from '@cosinum/event-store';

export type Role = 'analyst' | 'ministry' | 'auditor';
export const ROLES: readonly Role[] = ['analyst', 'ministry', 'auditor'];

/** Who is calling, as authenticated: never taken from the request body. */
export interface Identity {
  readonly subject: string;
  readonly role: Role;
  /** For the `ministry` role: the one ministry it acts for. */
  readonly ministry?: string;
  /** A ministry key that follows its ministry into the one it was merged into. */
  readonly followsSuccessor?: boolean;
  /** When it acts for a successor: the code its credential names (kept for the actor). */
  readonly ministryOfCredential?: string;
  readonly via: 'api-key' | 'oidc';
}

export const actorOf = (identity: Identity): Actor => ({
  subject: identity.subject,
  role: identity.role,
  ...(identity.ministry ? { ministry: identity.ministry } : {}),
  ...(identity.ministryOfCredential ? { onBehalfOf: identity.ministryOfCredential } : {}),
});
