import fc from 'fast-check';
import {
  configurationRuleSet,
  CommitmentError,
  addDays,
  decide,
  evolve,
  initialState,
  parisDateOf,
  type CalendarDate,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentState,
  type Instant,
  type Metric,
  type MetricKind,
  type RuleSet,
  type StatusRules,
} from '../src';
import type { Stored } from './status.fixtures';

/**
 * Random but valid histories of commitments, for property-based specs: commands are drawn at
 * random, played through `decide` and `evolve`, and those the decider rejects are dropped, so
 * that every stored event is one the domain could have produced. Each event is stored with its
 * `recordedAt`: the clock reading of the command that produced it.
 */

const FIRST_DAY: CalendarDate = '2020-05-01';
/** The days the histories span, and a margin either side for the moments they are read at. */
const SPAN_DAYS = 600;

const dayAt = (offset: number): CalendarDate => addDays(FIRST_DAY, offset);
const pad = (n: number): string => String(n).padStart(2, '0');
/** Any minute of a UTC day: late evenings fall on the next day in Paris, on purpose. */
const instantAt = (day: number, minute: number): Instant =>
  `${dayAt(day)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00.000Z`;

const MINISTRIES = ['MI', 'MJ', 'MEFR', 'DINUM', 'CNAM'];
/** Ids of the streams, so that commitments of one history never collide. */
export const COMMITMENT_IDS = [
  '0b6a1c2e-0000-4000-8000-000000000001',
  '0b6a1c2e-0000-4000-8000-000000000002',
  '0b6a1c2e-0000-4000-8000-000000000003',
  '0b6a1c2e-0000-4000-8000-000000000004',
];

/** Few distinct values, so that targets are often met, missed, reached again. */
const valueOf = (kind: MetricKind): fc.Arbitrary<number> => {
  switch (kind) {
    case 'percentage':
      return fc.constantFrom(0, 20, 50, 70, 80, 85.5, 90, 95, 100);
    case 'count':
      return fc.constantFrom(0, 5, 10, 20, 40, 200);
    case 'score':
      return fc.constantFrom(0, 5, 6.5, 7, 8, 10);
    case 'boolean':
      return fc.constantFrom(0, 1);
  }
};

const metricArb: fc.Arbitrary<Metric> = fc
  .constantFrom<MetricKind>('percentage', 'count', 'score', 'boolean')
  .chain((kind) =>
    fc.record({
      kind: fc.constant(kind),
      direction:
        kind === 'boolean'
          ? fc.constant('increase' as const)
          : fc.constantFrom('increase' as const, 'decrease' as const),
      target: valueOf(kind),
      baseline: fc.option(
        fc.record({ value: valueOf(kind), on: fc.integer({ min: 0, max: 300 }).map(dayAt) }),
        { nil: undefined },
      ),
    }),
  )
  .map(({ baseline, ...metric }) => (baseline === undefined ? metric : { ...metric, baseline }));

/** What to do next, with no state yet: `play` resolves it against the commitment. */
type Intent =
  | { type: 'report'; ministry: string; value: number; daysBack: number }
  | { type: 'extend'; ministry?: string; daysLater: number; daysBack?: number }
  | { type: 'revise'; target: number; daysBack?: number }
  | { type: 'exempt'; ministry: string; daysBack?: number }
  | { type: 'withdraw'; daysBack?: number };

const daysBack = fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined });
const ministryArb = fc.constantFrom(...MINISTRIES);

const intentArb = (kind: MetricKind): fc.Arbitrary<Intent> =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        type: fc.constant('report' as const),
        ministry: ministryArb,
        value: valueOf(kind),
        daysBack: fc.integer({ min: 0, max: 45 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('extend' as const),
        ministry: fc.option(ministryArb, { nil: undefined }),
        daysLater: fc.integer({ min: -20, max: 200 }),
        daysBack,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('revise' as const),
        target: valueOf(kind),
        daysBack,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('exempt' as const),
        ministry: ministryArb,
        daysBack,
      }),
    },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('withdraw' as const), daysBack }) },
  );

/** A step: what to do, and how long after the previous step (in minutes) the clock reads. */
interface Step {
  readonly intent: Intent;
  readonly minutesLater: number;
}

export interface Script {
  readonly commitmentId: string;
  readonly decidedOn: number;
  readonly deadlineAfter: number;
  readonly decisionMinute: number;
  readonly metric: Metric;
  readonly ministries: readonly string[];
  readonly steps: readonly Step[];
}

const scriptArb = (commitmentId: string): fc.Arbitrary<Script> =>
  metricArb.chain((metric) =>
    fc.record({
      commitmentId: fc.constant(commitmentId),
      decidedOn: fc.integer({ min: 0, max: 300 }),
      deadlineAfter: fc.integer({ min: 0, max: 300 }),
      decisionMinute: fc.integer({ min: 0, max: 1439 }),
      metric: fc.constant(metric),
      ministries: fc.subarray(MINISTRIES, { minLength: 1 }),
      steps: fc.array(
        fc.record({
          intent: intentArb(metric.kind),
          // Up to 40 days; 0 gives two events recorded at the same instant.
          minutesLater: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 * 1440 })),
        }),
        { maxLength: 10 },
      ),
    }),
  );

const commandOf = (
  script: Script,
  intent: Intent,
  now: Instant,
  state: CommitmentState,
): CommitmentCommand => {
  const today = parisDateOf(now);
  const on = (back?: number) => (back === undefined ? undefined : addDays(today, -back));
  const { commitmentId } = script;
  const metadata = { now };
  switch (intent.type) {
    case 'report':
      return {
        type: 'ReportProgress',
        data: {
          commitmentId,
          ministry: intent.ministry,
          value: intent.value,
          on: addDays(today, -intent.daysBack),
        },
        metadata,
      };
    case 'extend': {
      const current = state.status === 'initial' ? dayAt(script.decidedOn) : state.deadline;
      return {
        type: 'ExtendDeadline',
        data: {
          commitmentId,
          ministry: intent.ministry,
          deadline: addDays(current, intent.daysLater),
          reason: 'Report accordé',
          on: on(intent.daysBack),
        },
        metadata,
      };
    }
    case 'revise':
      return {
        type: 'ReviseTarget',
        data: {
          commitmentId,
          target: intent.target,
          reason: 'Cible revue',
          on: on(intent.daysBack),
        },
        metadata,
      };
    case 'exempt':
      return {
        type: 'ExemptMinistry',
        data: {
          commitmentId,
          ministry: intent.ministry,
          reason: 'Exemption',
          on: on(intent.daysBack),
        },
        metadata,
      };
    case 'withdraw':
      return {
        type: 'WithdrawCommitment',
        data: { commitmentId, reason: 'Retrait', on: on(intent.daysBack) },
        metadata,
      };
  }
};

/** Plays a script through the decider: the events of one stream, in order, with `recordedAt`. */
export const play = (script: Script): Stored[] => {
  const decidedOn = dayAt(script.decidedOn);
  // The decision is recorded on the day it was taken (in UTC), at a random minute.
  let minute = script.decidedOn * 1440 + script.decisionMinute;
  let state: CommitmentState = initialState();
  const stored: Stored[] = [];
  const run = (command: CommitmentCommand, now: Instant) => {
    let events: CommitmentEvent[];
    try {
      events = decide(command, state);
    } catch (error) {
      if (error instanceof CommitmentError) return; // rejected: it never happened
      throw error;
    }
    for (const event of events) {
      const recorded: Stored = { ...event, metadata: { recordedAt: now } };
      state = evolve(state, recorded);
      stored.push(recorded);
    }
  };
  const nowAt = (m: number) => instantAt(Math.floor(m / 1440), m % 1440);
  run(
    {
      type: 'DecideCommitment',
      data: {
        commitmentId: script.commitmentId,
        title: `Engagement ${script.commitmentId.slice(-1)}`,
        description: 'Engagement tiré au sort',
        source: { document: 'Relevé de décisions', decidedOn },
        metric: script.metric,
        deadline: addDays(decidedOn, script.deadlineAfter),
        ministries: script.ministries,
      },
      metadata: { now: nowAt(minute) },
    },
    nowAt(minute),
  );
  for (const step of script.steps) {
    minute += step.minutesLater;
    const now = nowAt(minute);
    run(commandOf(script, step.intent, now, state), now);
  }
  return stored;
};

/** 2 to 4 commitments, each with its own stream of events. */
export const historiesArb: fc.Arbitrary<Stored[][]> = fc
  .integer({ min: 2, max: 4 })
  .chain((n) => fc.tuple(...COMMITMENT_IDS.slice(0, n).map(scriptArb)))
  .map((scripts) => scripts.map(play));

/**
 * One interleaving of the streams into a global log: each choice picks the stream (among those
 * not yet exhausted) whose next event comes next. Each stream keeps its own order.
 */
export const interleavingArb = (streams: readonly Stored[][]): fc.Arbitrary<Stored[]> => {
  const total = streams.reduce((n, s) => n + s.length, 0);
  return fc.array(fc.nat(), { minLength: total, maxLength: total }).map((choices) => {
    const queues = streams.map((s) => [...s]);
    return choices.map((choice) => {
      const open = queues.filter((q) => q.length > 0);
      return open[choice % open.length].shift() as Stored;
    });
  });
};

/** A moment to read at: any minute of the span, the margins included. */
export const instantArb: fc.Arbitrary<Instant> = fc
  .record({
    day: fc.integer({ min: -30, max: SPAN_DAYS + 30 }),
    minute: fc.integer({ min: 0, max: 1439 }),
  })
  .map(({ day, minute }) => instantAt(day, minute));

const MINUTE = 60_000;
const shifted = (instant: Instant, minutes: number): Instant =>
  new Date(Date.parse(instant) + minutes * MINUTE).toISOString();

/**
 * A moment that matters to these streams: anywhere, or around a recording (a minute before, at
 * it, or up to 90 days after), where the board changes.
 */
export const instantNearArb = (streams: readonly Stored[][]): fc.Arbitrary<Instant> => {
  const recorded = streams.flat().map((e) => e.metadata?.recordedAt as Instant);
  return fc.oneof(
    instantArb,
    fc.constantFrom(...recorded),
    fc
      .tuple(fc.constantFrom(...recorded), fc.integer({ min: -1, max: 90 * 1440 }))
      .map(([at, minutes]) => shifted(at, minutes)),
  );
};

export const rulesArb: fc.Arbitrary<RuleSet> = fc
  .record({
    warningDays: fc.integer({ min: 0, max: 60 }),
    staleDelayDays: fc.integer({ min: 0, max: 60 }),
    trajectory: fc.boolean(),
    milestones: fc.boolean(),
  })
  .map((rules: StatusRules) => configurationRuleSet(rules));
