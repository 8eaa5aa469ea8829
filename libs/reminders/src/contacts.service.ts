import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  CLOCK,
  ConcurrencyConflictError,
  type Clock,
  type CommandContext,
} from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@cosinum/event-store';
import {
  assertKnownMinistry,
  contactsStream,
  decideContact,
  foldContacts,
  normaliseEmail,
  type Contact,
  type ContactCommand,
} from './contacts';
import { newEvent } from './system-event';

/** Contacts per organisation: read, fold, decide, append with the revision read. */
@Injectable()
export class ContactsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ministry: string): Promise<Contact[]> {
    assertKnownMinistry(ministry);
    return foldContacts(await this.store.readStream(contactsStream(ministry)));
  }

  async register(
    ministry: string,
    input: { email: string; name?: string },
    context: CommandContext,
  ): Promise<Contact> {
    const email = normaliseEmail(input.email);
    const name = input.name?.trim() || undefined;
    await this.execute({ type: 'RegisterContact', data: { ministry, email, name } }, context);
    const contact = (await this.list(ministry)).find((c) => c.email === email);
    return contact ?? { email, name, registeredAt: this.clock.now() };
  }

  async remove(ministry: string, email: string, context: CommandContext): Promise<void> {
    await this.execute(
      { type: 'RemoveContact', data: { ministry, email: normaliseEmail(email) } },
      context,
    );
  }

  private async execute(command: ContactCommand, context: CommandContext): Promise<void> {
    assertKnownMinistry(command.data.ministry);
    const stream = contactsStream(command.data.ministry);
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(stream);
      const event = decideContact(command, foldContacts(recorded));
      try {
        await this.store.appendToStream(
          stream,
          [
            newEvent(this.clock, event.type, event.data, {
              actor: context.actor,
              correlationId: context.correlationId ?? randomUUID(),
              causationId: context.causationId ?? null,
            }),
          ],
          { expectedRevision: recorded.length === 0 ? 'no_stream' : recorded.length - 1 },
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= this.config.conflictRetries) {
          throw new ConcurrencyConflictError(stream, attempt);
        }
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
      }
    }
  }
}
