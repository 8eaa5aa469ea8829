import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppConfig } from '@cosinum/config';
import { assignedItems } from '@cosinum/domain';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { CLOCK, type Clock } from './clock';
import {
  executeCommitmentCommand,
  type CommandContext,
  type CommandInput,
  type CommandOutcome,
} from './execute-command';
import { knownOrganisationCodes } from './organisations';
import { ProjectionService } from './projection.service';
import { APP_CONFIG } from './tokens';

/** One bus command for every commitment command: the domain's `decide` does the dispatching. */
export class ExecuteCommitmentCommand extends Command<CommandOutcome> {
  constructor(
    readonly input: CommandInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteCommitmentCommand)
export class ExecuteCommitmentHandler implements ICommandHandler<ExecuteCommitmentCommand> {
  private readonly logger = new Logger('Commands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  async execute({ input, context }: ExecuteCommitmentCommand): Promise<CommandOutcome> {
    const outcome = await executeCommitmentCommand(
      this.store,
      this.clock,
      this.takenOver(input),
      context,
      {
        maxAttempts: this.config.conflictRetries,
        states: this.projections.commitments,
        organisations: knownOrganisationCodes(this.projections.commitments.chart),
      },
    );
    this.logger.log({
      msg: 'Command recorded',
      command: input.type,
      commitmentId: outcome.commitmentId,
      events: outcome.events.map((e) => e.type),
      position: outcome.position,
      actor: context.actor.subject,
    });
    // Read-your-writes: the answer goes out once the read models include what was written.
    await this.projections.caughtUpWith(outcome.position);
    return outcome;
  }

  /**
   * A ministry that took over a commitment from an organisation merged or split into it (as the
   * chart stands today) reports, is granted an extension or exempted on that organisation's
   * item: the fact goes to the item it holds (the predecessor's code), the actor says who acted.
   */
  private takenOver(input: CommandInput): CommandInput {
    if (!('ministry' in input.data) || typeof input.data.ministry !== 'string') return input;
    if (input.type === 'DecideCommitment') return input;
    const model = this.projections.commitments;
    const history = model.get(input.data.commitmentId);
    const ministry = input.data.ministry;
    if (!history || history.ministries[ministry] || model.chart.size === 0) return input;
    const now = this.clock.now();
    const moment = { asOf: now, knownAt: now };
    const held = assignedItems(history, model.chart, moment).find(
      (a) => a.code === ministry && a.track !== ministry,
    );
    return held
      ? ({ ...input, data: { ...input.data, ministry: held.track } } as CommandInput)
      : input;
  }
}
