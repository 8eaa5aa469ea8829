import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  CLOCK,
  ProjectionService,
  type Clock,
  type CommandContext,
} from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, handleCommand, type EventStore } from '@cosinum/event-store';
import {
  assertKnownMinistry,
  contactsDecider,
  contactsStream,
  foldContacts,
  normaliseEmail,
  type Contact,
  type ContactCommand,
} from './contacts';

/** Contacts per organisation, one stream each, through the command path. */
@Injectable()
export class ContactsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  /** A 404 unless the code is in the static list or the organisation chart. */
  assertKnown(ministry: string): void {
    assertKnownMinistry(ministry, this.projections.commitments.chart);
  }

  async list(ministry: string): Promise<Contact[]> {
    this.assertKnown(ministry);
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
    this.assertKnown(command.data.ministry);
    await handleCommand(this.store, contactsDecider, command, {
      streamName: contactsStream(command.data.ministry),
      context,
      now: () => this.clock.now(),
      maxAttempts: this.config.conflictRetries,
    });
  }
}
