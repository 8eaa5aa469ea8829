import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import type { AppConfig } from '@cosinum/config';
import {
  DomainError,
  INITIAL_REASON,
  STATUS_RULES_STREAM,
  decideStatusRules,
  evolveRuleSets,
  initialRuleSets,
  parisDateOf,
  type AdoptStatusRules,
  type RuleSet,
  type RuleSetsState,
  type StatusRulesAdopted,
} from '@cosinum/domain';
import {
  EVENT_STORE,
  handleCommand,
  type Actor,
  type Decider,
  type EventContext,
  type EventStore,
  type RecordedEvent,
} from '@cosinum/event-store';
import { CLOCK, type Clock } from './clock';
import { ProjectionService } from './projection.service';
import { configuredRules } from './queries';
import { APP_CONFIG } from './tokens';

export type AdoptStatusRulesInput = AdoptStatusRules['data'];

/** What a rule set adoption answers: the rule sets it recorded, the last being the one asked for. */
export interface RulesOutcome {
  readonly adopted: readonly RuleSet[];
  readonly position: number;
}

/** A rule set as `GET /api/status-rules` lists it: with who recorded it. */
export type ListedRuleSet = RuleSet & { readonly actor: Actor | null };

/**
 * The decider of the `status-rules` stream. A field left out of a command keeps its value from
 * the rule set in force; on an empty stream, from the configuration (`configuredRules`).
 */
const statusRulesDecider = (
  config: AppConfig,
): Decider<
  AdoptStatusRules,
  RuleSetsState,
  StatusRulesAdopted,
  StatusRulesAdopted & RecordedEvent
> => ({
  decide: (command, state) => decideStatusRules(command, state, configuredRules(config)),
  evolve: evolveRuleSets,
  initialState: initialRuleSets,
});

/**
 * Adopts a rule set through the one command path, from the read model's rule sets at their
 * revision (a conflict re-reads the stream, as for every command).
 */
export const adoptStatusRules = async (
  store: EventStore,
  clock: Clock,
  config: AppConfig,
  input: AdoptStatusRulesInput,
  context: EventContext,
  options: {
    readonly maxAttempts: number;
    readonly from?: () => { sets: RuleSetsState; revision: number };
  },
): Promise<RulesOutcome> => {
  const handled = await handleCommand(
    store,
    statusRulesDecider(config),
    { type: 'AdoptStatusRules', data: input, metadata: { now: clock.now() } },
    {
      streamName: STATUS_RULES_STREAM,
      context,
      now: () => clock.now(),
      maxAttempts: options.maxAttempts,
      startFrom:
        options.from &&
        (() => {
          const { sets, revision } = options.from!();
          return { state: sets, revision };
        }),
    },
  );
  const adopted = handled.events.reduce<RuleSetsState>(
    (sets, event, i) =>
      evolveRuleSets(sets, {
        ...event,
        metadata: { recordedAt: handled.recorded[i].metadata.recordedAt },
      }),
    [],
  );
  return { adopted, position: handled.position as number };
};

export class AdoptStatusRulesCommand extends Command<RulesOutcome> {
  constructor(
    readonly input: AdoptStatusRulesInput,
    readonly context: EventContext,
  ) {
    super();
  }
}

@CommandHandler(AdoptStatusRulesCommand)
export class AdoptStatusRulesHandler implements ICommandHandler<AdoptStatusRulesCommand> {
  private readonly logger = new Logger('Commands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  async execute({ input, context }: AdoptStatusRulesCommand): Promise<RulesOutcome> {
    const outcome = await adoptStatusRules(this.store, this.clock, this.config, input, context, {
      maxAttempts: this.config.conflictRetries,
      from: () => this.projections.commitments.ruleSets,
    });
    this.logger.log({
      msg: 'Command recorded',
      command: 'AdoptStatusRules',
      ruleSets: outcome.adopted.map((r) => r.id),
      position: outcome.position,
      actor: context.actor.subject,
    });
    await this.projections.caughtUpWith(outcome.position);
    return outcome;
  }
}

/** Every rule set, in the order adopted, with who recorded it. */
export class ListStatusRulesQuery extends Query<ListedRuleSet[]> {}

/** Read from the stream itself: a handful of events, and the actor is in their metadata. */
export const listRuleSets = async (store: EventStore): Promise<ListedRuleSet[]> => {
  const events = await store.readStream(STATUS_RULES_STREAM);
  let sets: RuleSetsState = [];
  return events.map((event) => {
    sets = evolveRuleSets(sets, event as unknown as StatusRulesAdopted & RecordedEvent);
    return { ...sets[sets.length - 1], actor: event.metadata.actor ?? null };
  });
};

@QueryHandler(ListStatusRulesQuery)
export class ListStatusRulesHandler implements IQueryHandler<ListStatusRulesQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<ListedRuleSet[]> {
    return listRuleSets(this.store);
  }
}

export const STATUS_RULES_ACTOR: Actor = { subject: 'system:status-rules', role: 'system' };

/**
 * The first rule set of a store is the configuration's (WARNING_DAYS, STALE_DELAY_DAYS,
 * TRAJECTORY_RULE, MILESTONE_RULE), recorded once, at the first start: from then on the rules are
 * decisions, and a board of any past date names the rule set it was evaluated under. Two servers
 * starting together on an empty stream both try; the store lets one append (expected revision
 * "no stream") and the other then finds the stream initialised, which is what it wanted.
 */
export const recordInitialRules = async (
  store: EventStore,
  clock: Clock,
  config: AppConfig,
  maxAttempts: number,
): Promise<RulesOutcome | null> => {
  if ((await store.readStream(STATUS_RULES_STREAM, { maxCount: 1 })).length > 0) return null;
  try {
    return await adoptStatusRules(
      store,
      clock,
      config,
      {
        ...configuredRules(config),
        effectiveFrom: parisDateOf(clock.now()),
        reason: INITIAL_REASON,
        initial: true,
      },
      { actor: STATUS_RULES_ACTOR },
      { maxAttempts },
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'STATUS_RULES.ALREADY_INITIALISED')
      return null;
    throw error;
  }
};

/** Records the configuration's rule set at start-up when the store has none (API and worker). */
@Injectable()
export class InitialRulesRecorder implements OnApplicationBootstrap {
  private readonly logger = new Logger('StatusRules');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const outcome = await recordInitialRules(
      this.store,
      this.clock,
      this.config,
      this.config.conflictRetries,
    );
    if (!outcome) return;
    await this.projections.caughtUpWith(outcome.position);
    const [first] = outcome.adopted;
    this.logger.log({
      msg: 'Empty rules stream: the configuration recorded as the first rule set',
      ruleSet: first.id,
      warningDays: first.warningDays,
      staleDelayDays: first.staleDelayDays,
      trajectory: first.trajectory,
      milestones: first.milestones,
    });
  }
}
