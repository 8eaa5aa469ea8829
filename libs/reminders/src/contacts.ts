import { DomainError, organisation, type Instant, type OrganisationChart } from '@cosinum/domain';
import type { Decider } from '@cosinum/event-store';

/** One stream per organisation: `contacts-MI`. */
export const contactsStream = (ministry: string): string => `contacts-${ministry}`;

export interface ContactRegisteredData {
  readonly ministry: string;
  /** Lower-cased: the same mailbox is never registered twice under two spellings. */
  readonly email: string;
  readonly name?: string;
}

export interface ContactRemovedData {
  readonly ministry: string;
  readonly email: string;
}

export type ContactEvent =
  | { readonly type: 'ContactRegistered'; readonly data: ContactRegisteredData }
  | { readonly type: 'ContactRemoved'; readonly data: ContactRemovedData };

export interface Contact {
  readonly email: string;
  readonly name?: string;
  readonly registeredAt: Instant;
}

export class ContactError extends DomainError {
  override readonly name = 'ContactError';

  static unknownMinistry(code: string): ContactError {
    return new ContactError(
      'MINISTRY.NOT_FOUND',
      'not_found',
      `Unknown ministry code "${code}" (see GET /api/ministries)`,
      'code',
    );
  }
  static alreadyRegistered(ministry: string, email: string): ContactError {
    return new ContactError(
      'CONTACT.ALREADY_REGISTERED',
      'conflict',
      `${email} is already a contact of ${ministry}`,
      'email',
    );
  }
  static notFound(ministry: string, email: string): ContactError {
    return new ContactError(
      'CONTACT.NOT_FOUND',
      'not_found',
      `${email} is not a contact of ${ministry}`,
      'email',
    );
  }
  static invalidEmail(): ContactError {
    return new ContactError(
      'REQUEST.INVALID',
      'invalid',
      'email must be a plain email address of at most 254 characters (letters, digits and . _ % + - before the @; no quotes, spaces or angle brackets)',
      'email',
    );
  }
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * What the mailer writes back exactly as given: a dot-atom local part of letters, digits and
 * `. _ % + -` (no quoted local part: `"<script>"@interieur.gouv.fr` went out as
 * `" script "@interieur.gouv.fr`), and a domain of labels of letters, digits and hyphens with a
 * top-level label of letters (IDN domains as their `xn--` form). At most 254 characters (RFC 5321).
 */
export const PLAIN_EMAIL_PATTERN =
  /^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;
export const isPlainEmail = (email: string): boolean =>
  email.length <= 254 && email.split('@')[0].length <= 64 && PLAIN_EMAIL_PATTERN.test(email);

/** Known: in the static list, or recorded in the organisation chart (`chart`, when given). */
export const assertKnownMinistry = (code: string, chart?: OrganisationChart): void => {
  if (!organisation(code) && !chart?.has(code)) throw ContactError.unknownMinistry(code);
};

/** A stored contact event, as much of it as the fold reads. */
export interface ContactRecord {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly recordedAt: string };
}

/** One event folded into the contacts of an organisation, kept in registration order. */
export const evolveContacts = (contacts: readonly Contact[], record: ContactRecord): Contact[] => {
  const event = record as unknown as ContactEvent;
  if (event.type === 'ContactRegistered') {
    const contact: Contact = {
      email: event.data.email,
      ...(event.data.name ? { name: event.data.name } : {}),
      registeredAt: record.metadata.recordedAt,
    };
    const at = contacts.findIndex((c) => c.email === contact.email);
    return at < 0 ? [...contacts, contact] : contacts.map((c, i) => (i === at ? contact : c));
  }
  if (event.type === 'ContactRemoved') return contacts.filter((c) => c.email !== event.data.email);
  return [...contacts];
};

/** The current contacts of one organisation, in registration order. */
export const foldContacts = (events: readonly ContactRecord[]): Contact[] =>
  events.reduce<Contact[]>(evolveContacts, []);

export type ContactCommand =
  | { readonly type: 'RegisterContact'; readonly data: ContactRegisteredData }
  | { readonly type: 'RemoveContact'; readonly data: ContactRemovedData };

export const decideContact = (
  command: ContactCommand,
  contacts: readonly Contact[],
): ContactEvent => {
  const known = contacts.some((c) => c.email === command.data.email);
  switch (command.type) {
    case 'RegisterContact':
      if (!isPlainEmail(command.data.email)) throw ContactError.invalidEmail();
      if (known) throw ContactError.alreadyRegistered(command.data.ministry, command.data.email);
      return { type: 'ContactRegistered', data: command.data };
    case 'RemoveContact':
      if (!known) throw ContactError.notFound(command.data.ministry, command.data.email);
      return { type: 'ContactRemoved', data: command.data };
  }
};

export const contactsDecider: Decider<
  ContactCommand,
  readonly Contact[],
  ContactEvent,
  ContactRecord
> = {
  decide: (command, contacts) => [decideContact(command, contacts)],
  evolve: evolveContacts,
  initialState: () => [],
};
