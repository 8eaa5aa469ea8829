import { Inject, Logger } from '@nestjs/common';
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
  ORGANISATIONS_STREAM,
  ORGANISATION_CODES,
  decideOrganisation,
  emptyChart,
  evolveChart,
  lineageOf,
  organisationOn,
  organisationsOn,
  recordedBy,
  type Moment,
  type NameForms,
  type OrganisationChart,
  type OrganisationCommand,
  type OrganisationEvent,
  type OrganisationHistory,
  type OrganisationOn,
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
import { APP_CONFIG } from './tokens';

export type OrganisationChangeInput = OrganisationCommand['data'];

export interface OrganisationChangeOutcome {
  readonly events: readonly OrganisationEvent[];
  readonly position: number;
}

const organisationDecider: Decider<
  OrganisationCommand,
  OrganisationChart,
  OrganisationEvent,
  OrganisationEvent & RecordedEvent
> = {
  decide: decideOrganisation,
  evolve: (chart, event) => evolveChart(chart, event, event.streamRevision),
  initialState: emptyChart,
};

/**
 * Records one change of the organisation chart through the one command path, from the read
 * model's chart at its revision (a conflict re-reads the stream, as for every command).
 */
export const recordOrganisationChange = async (
  store: EventStore,
  clock: Clock,
  input: OrganisationChangeInput,
  context: EventContext,
  options: {
    readonly maxAttempts: number;
    readonly from?: () => { chart: OrganisationChart; revision: number };
  },
): Promise<OrganisationChangeOutcome> => {
  const handled = await handleCommand(
    store,
    organisationDecider,
    { type: 'RecordOrganisationChange', data: input, metadata: { now: clock.now() } },
    {
      streamName: ORGANISATIONS_STREAM,
      context,
      now: () => clock.now(),
      maxAttempts: options.maxAttempts,
      startFrom:
        options.from &&
        (() => {
          const { chart, revision } = options.from!();
          return { state: chart, revision };
        }),
    },
  );
  return { events: handled.events, position: handled.position as number };
};

/**
 * The codes a commitment command may name: the static list (ministries.ts) and every code the
 * chart ever recorded (an organisation created through the API included).
 */
export const knownOrganisationCodes = (chart: OrganisationChart): ReadonlySet<string> =>
  new Set([...ORGANISATION_CODES, ...chart.keys()]);

export class RecordOrganisationChangeCommand extends Command<OrganisationChangeOutcome> {
  constructor(
    readonly input: OrganisationChangeInput,
    readonly context: EventContext,
  ) {
    super();
  }
}

@CommandHandler(RecordOrganisationChangeCommand)
export class RecordOrganisationChangeHandler implements ICommandHandler<RecordOrganisationChangeCommand> {
  private readonly logger = new Logger('Commands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  async execute({
    input,
    context,
  }: RecordOrganisationChangeCommand): Promise<OrganisationChangeOutcome> {
    const outcome = await recordOrganisationChange(this.store, this.clock, input, context, {
      maxAttempts: this.config.conflictRetries,
      from: () => this.projections.commitments.chartAt,
    });
    this.logger.log({
      msg: 'Command recorded',
      command: 'RecordOrganisationChange',
      change: input.change,
      code: input.code,
      position: outcome.position,
      actor: context.actor.subject,
    });
    await this.projections.caughtUpWith(outcome.position);
    return outcome;
  }
}

/** An organisation as `GET /api/ministries` lists it. */
export interface ListedOrganisation extends NameForms {
  readonly code: string;
  readonly kind: OrganisationKindOf;
  /** The day it came into existence (null: from the static list, no chart recorded). */
  readonly since: string | null;
}
type OrganisationKindOf = OrganisationOn['kind'];
type Ending = NonNullable<OrganisationHistory['ending']>;

/**
 * The organisations that existed on the day of `moment.asOf`, as known at `moment.knownAt`, with
 * the names they had then. A store without a chart lists the static list (ministries.ts), whose
 * article forms are the presentation's.
 */
export const listOrganisations = (
  chart: OrganisationChart,
  moment: Moment,
  fallback: (code: string) => ListedOrganisation,
): ListedOrganisation[] =>
  chart.size === 0
    ? ORGANISATION_CODES.map(fallback)
    : organisationsOn(chart, moment).map((o) => ({ ...o }));

/** The chart the read model folds (the controller answers `asOf`, `knownAt` from it). */
export class ListOrganisationsQuery extends Query<{ chart: OrganisationChart }> {}

@QueryHandler(ListOrganisationsQuery)
export class ListOrganisationsHandler implements IQueryHandler<ListOrganisationsQuery> {
  constructor(private readonly projections: ProjectionService) {}
  execute(): Promise<{ chart: OrganisationChart }> {
    return Promise.resolve({ chart: this.projections.commitments.chart });
  }
}

type DatedRuling = {
  readonly on: string;
  readonly reason: string;
  readonly reference?: string;
  readonly recordedAt: string | null;
};
const ruling = (r: DatedRuling) => ({
  on: r.on,
  reason: r.reason,
  ...(r.reference !== undefined && { reference: r.reference }),
  recordedAt: r.recordedAt,
});

/** An organisation's lineage, as known at `knownAt`: names, predecessors, successors, ending. */
export interface OrganisationLineage {
  readonly code: string;
  readonly kind: OrganisationHistory['kind'];
  readonly created: ReturnType<typeof ruling>;
  readonly names: readonly (NameForms & ReturnType<typeof ruling>)[];
  readonly predecessors: readonly {
    code: string;
    kind: Ending['kind'];
    on: string;
    reason: string;
    reference?: string;
  }[];
  readonly successors: readonly string[];
  readonly ending: (ReturnType<typeof ruling> & { kind: Ending['kind'] }) | null;
}

export const lineage = (
  chart: OrganisationChart,
  code: string,
  knownAt: string,
): OrganisationLineage | null => {
  const o = chart.get(code);
  const known = (r: { recordedAt: string | null }) =>
    r.recordedAt === null || recordedBy(r.recordedAt, knownAt);
  if (!o || !known(o.created)) return null;
  const l = lineageOf(chart, code, knownAt);
  const ended = o.ending && known(o.ending) ? o.ending : undefined;
  return {
    code,
    kind: o.kind,
    created: ruling(o.created),
    names: o.names.filter(known).map((n) => ({
      name: n.name,
      shortName: n.shortName,
      of: n.of,
      to: n.to,
      ...ruling(n),
    })),
    predecessors: l.predecessors.map((p) => {
      const ending = chart.get(p.code)?.ending as Ending;
      return {
        ...p,
        reason: ending.reason,
        ...(ending.reference !== undefined && { reference: ending.reference }),
      };
    }),
    successors: l.successors,
    ending: ended ? { kind: ended.kind, ...ruling(ended) } : null,
  };
};

/** Every code whose items passed to `code` through mergers and splits, as known at `knownAt`. */
export const predecessorsOf = (
  chart: OrganisationChart,
  code: string,
  knownAt: string,
): string[] => {
  const found: string[] = [];
  const visit = (c: string): void => {
    for (const p of lineageOf(chart, c, knownAt).predecessors)
      if (!found.includes(p.code) && p.kind !== 'dissolved') {
        found.push(p.code);
        visit(p.code);
      }
  };
  visit(code);
  return found;
};

/** Whether an organisation exists on that day (a store without a chart: the static list). */
export const existsOn = (chart: OrganisationChart, code: string, moment: Moment): boolean =>
  chart.size === 0 ? ORGANISATION_CODES.includes(code) : !!organisationOn(chart, code, moment);

export const LINEAGE_ACTOR: Actor = { subject: 'system:reference-lineage', role: 'system' };

/** One entry of the reference lineage file (data/organisations/lineage.json): a change. */
export type LineageEntry = OrganisationChangeInput;

/**
 * Records the reference lineage on a store whose `organisations` stream is empty, each change
 * through the command path in file order. Returns null when the stream already had events (the
 * chart is then the analysts' to change, through the API or the CLI).
 */
export const recordReferenceLineage = async (
  store: EventStore,
  clock: Clock,
  entries: readonly LineageEntry[],
  maxAttempts: number,
  actor: Actor = LINEAGE_ACTOR,
): Promise<{ events: number; position: number } | null> => {
  if ((await store.readStream(ORGANISATIONS_STREAM, { maxCount: 1 })).length > 0) return null;
  let chart = emptyChart();
  let revision = -1;
  let position = 0;
  for (const entry of entries) {
    let outcome: OrganisationChangeOutcome;
    try {
      outcome = await recordOrganisationChange(
        store,
        clock,
        entry,
        { actor },
        { maxAttempts, from: () => ({ chart, revision }) },
      );
    } catch (error) {
      // Another process started on the same empty store and recorded the lineage first.
      if (
        revision === -1 &&
        error instanceof DomainError &&
        error.code === 'ORGANISATION.CODE_TAKEN'
      )
        return null;
      throw error;
    }
    for (const event of outcome.events) chart = evolveChart(chart, event, ++revision);
    position = outcome.position;
  }
  return { events: revision + 1, position };
};
