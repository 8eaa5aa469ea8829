import fc from 'fast-check';
import { commitmentDecided, progressReported, type Stored } from '../../testing';
import {
  historiesArb,
  instantNearArb,
  interleavingArb,
  rulesArb,
} from '../../testing/commitment.arbitraries';
import { parisDateOf, type Instant } from '../calendar';
import { reaches } from '../commitment';
import {
  evolveHistory,
  evolveHistoryInPlace,
  initialHistory,
  type HistoryState,
  type Report,
} from './commitment-history';
import { forecast } from './forecast';
import { evaluateCommitment } from './commitment-view';
import { evaluateItem } from './evaluate-status';
import { DEFAULT_RULES, type Moment, type StatusItem, type StatusRules } from './status.types';

/** Kept modest: the file should run in a few seconds. */
const RUNS = { numRuns: 100 };

/** What a projection does with the global log: one state per stream, each folded in log order. */
const foldLog = (log: readonly Stored[]): Map<string, HistoryState> => {
  const states = new Map<string, HistoryState>();
  for (const event of log) {
    const id = event.data.commitmentId;
    states.set(id, evolveHistory(states.get(id) ?? initialHistory(), event));
  }
  return states;
};

const foldStream = (events: readonly Stored[]): HistoryState =>
  events.reduce(evolveHistory, initialHistory());

/** The event as a projection folding it live sees it: recordedAt stays null. */
const withoutMetadata = ({ type, data }: Stored): Stored => ({ type, data }) as Stored;

/** Every ministry a commitment was assigned, whatever was known: the board's rows. */
const ministriesOf = (stream: readonly Stored[]): string[] => {
  const decision = stream.find((e) => e.type === 'CommitmentDecided');
  return decision?.type === 'CommitmentDecided' ? decision.data.ministries : [];
};

/** The items of one commitment at one moment, by ministry; null for "not on the board". */
const board = (
  state: HistoryState | undefined,
  ministries: readonly string[],
  moment: Moment,
  rules: StatusRules,
): Record<string, StatusItem | null> =>
  Object.fromEntries(
    ministries.map((m) => [
      m,
      state === undefined || state.status === 'initial'
        ? null
        : evaluateItem(state, m, moment, rules),
    ]),
  );

const rollup = (state: HistoryState | undefined, moment: Moment, rules: StatusRules) =>
  state === undefined || state.status === 'initial'
    ? null
    : evaluateCommitment(state, moment, rules);

const momentArb = (streams: readonly Stored[][]): fc.Arbitrary<Moment> =>
  fc.record({ asOf: instantNearArb(streams), knownAt: instantNearArb(streams) });

/** Histories, up to four moments near their events, and rules. */
const historiesWithMomentsArb = historiesArb.chain((streams) =>
  fc.record({
    streams: fc.constant(streams),
    moments: fc.array(momentArb(streams), { minLength: 1, maxLength: 4 }),
    rules: rulesArb,
  }),
);

/**
 * The board reads reports column by column (ReportSeries); this is the same reading written the
 * plain way, on arrays of report objects, as it was before the columns.
 */
const expectPlainReading = (state: HistoryState, moment: Moment, rules: StatusRules): number => {
  if (state.status === 'initial') return 0;
  const { metric } = state.definition;
  const asOfDate = parisDateOf(moment.asOf);
  let checked = 0;
  for (const [code, track] of Object.entries(state.ministries)) {
    const item = evaluateItem(state, code, moment, rules);
    if (!item) continue;
    const visible: Report[] = track.reports
      .toArray()
      .filter(
        (r) =>
          r.on <= asOfDate &&
          (r.recordedAt === null || Date.parse(r.recordedAt) <= Date.parse(moment.knownAt)),
      )
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
    const latest = visible[visible.length - 1];
    expect(item.latestValue).toBe(latest?.value ?? null);
    expect(item.latestOn).toBe(latest?.on ?? null);
    if (item.state === 'met') {
      let i = visible.length - 1;
      while (i > 0 && reaches(metric.direction, visible[i - 1].value, item.target)) i--;
      expect(item.metOn).toBe(visible[i].on);
    }
    if (['overdue', 'at_risk', 'on_track'].includes(item.state)) {
      const baseline = metric.baseline && metric.baseline.on <= asOfDate ? [metric.baseline] : [];
      const expected =
        metric.kind === 'boolean'
          ? undefined
          : (forecast([...baseline, ...visible], item.target, metric.direction, asOfDate) ??
            undefined);
      expect(item.forecast).toEqual(expected);
    }
    checked++;
  }
  return checked;
};

describe('status evaluation (properties)', () => {
  // Each event keeps its own recordedAt (the store's metadata): only the order of the global log
  // differs, as when concurrent appends to different streams land in another order.
  it('does not depend on how the streams of different commitments were interleaved', () => {
    fc.assert(
      fc.property(
        historiesArb.chain((streams) =>
          fc.record({
            streams: fc.constant(streams),
            first: interleavingArb(streams),
            second: interleavingArb(streams),
            moments: fc.array(momentArb(streams), { minLength: 1, maxLength: 4 }),
            rules: rulesArb,
          }),
        ),
        ({ streams, first, second, moments, rules }) => {
          const a = foldLog(first);
          const b = foldLog(second);
          for (const stream of streams) {
            const id = stream[0].data.commitmentId;
            for (const moment of moments) {
              expect(board(a.get(id), ministriesOf(stream), moment, rules)).toEqual(
                board(b.get(id), ministriesOf(stream), moment, rules),
              );
              expect(rollup(a.get(id), moment, rules)).toEqual(rollup(b.get(id), moment, rules));
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('reads at knownAt what a replay of the events recorded by knownAt shows', () => {
    fc.assert(
      fc.property(
        // Moments at recording instants themselves too, where "up to knownAt" is decided by equality.
        historiesWithMomentsArb,
        ({ streams, moments, rules }) => {
          for (const stream of streams) {
            const full = foldStream(stream);
            const ministries = ministriesOf(stream);
            for (const moment of moments) {
              const known = stream.filter(
                (e) => (e.metadata?.recordedAt as Instant) <= moment.knownAt,
              );
              const replayed = foldStream(known);
              // The same replay by a projection that never saw recording times: nothing left
              // for knownAt to filter, so the filtering itself is what is checked.
              const replayedLive = foldStream(known.map(withoutMetadata));
              const expected = board(full, ministries, moment, rules);
              expect(board(replayed, ministries, moment, rules)).toEqual(expected);
              expect(board(replayedLive, ministries, moment, rules)).toEqual(expected);
              expect(rollup(replayed, moment, rules)).toEqual(rollup(full, moment, rules));
              expect(rollup(replayedLive, moment, rules)).toEqual(rollup(full, moment, rules));
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('reads "now" (after the last recording) as the live fold, which ignores recording times', () => {
    fc.assert(
      fc.property(
        historiesArb.chain((streams) =>
          fc.tuple(fc.constant(streams), instantNearArb(streams), rulesArb),
        ),
        ([streams, asOf, rules]) => {
          const last = streams
            .flat()
            .map((e) => e.metadata?.recordedAt as Instant)
            .reduce((a, b) => (a > b ? a : b));
          const now = { asOf, knownAt: new Date(Date.parse(last) + 60_000).toISOString() };
          for (const stream of streams) {
            // A live projection folds events as they come, without their metadata.
            const live = foldStream(stream.map(withoutMetadata));
            const ministries = ministriesOf(stream);
            expect(board(foldStream(stream), ministries, now, rules)).toEqual(
              board(live, ministries, now, rules),
            );
          }
        },
      ),
      RUNS,
    );
  });

  it('reads the reports as a plain filter, sort and fit over report objects would', () => {
    fc.assert(
      fc.property(historiesWithMomentsArb, ({ streams, moments, rules }) => {
        for (const stream of streams) {
          const state = stream.reduce(evolveHistoryInPlace, initialHistory());
          for (const moment of moments) expectPlainReading(state, moment, rules);
        }
      }),
      RUNS,
    );
  });

  it('reads same-day, back-dated and baseline-day reports as the plain reading does', () => {
    const at = (day: number) => new Date(Date.UTC(2021, 0, 4) + day * 86_400_000).toISOString();
    const report = (ministry: string, value: number, on: string, recordedDay: number) =>
      progressReported({ ministry, value, on }, at(recordedDay));
    const events = [
      commitmentDecided({}, at(-40)),
      // MI: two values the same day (the later wins), then one back-dated below them.
      report('MI', 75, '2021-01-04', 0),
      report('MI', 78, '2021-01-11', 7),
      report('MI', 80, '2021-01-11', 8),
      report('MI', 72, '2021-01-02', 9),
      report('MI', 90, '2021-02-01', 28),
      // MJ: a report on the baseline's own day (it wins over the baseline), then a rise.
      report('MJ', 71, '2020-11-01', 1),
      report('MJ', 86, '2021-01-20', 16),
      report('MJ', 99, '2021-03-01', 56),
      // MEFR: reports that reach the target, fall back, and reach it again.
      report('MEFR', 100, '2021-01-10', 6),
      report('MEFR', 95, '2021-01-17', 13),
      report('MEFR', 100, '2021-01-24', 20),
      report('MEFR', 100, '2021-01-31', 27),
    ];
    const state = events.reduce(evolveHistoryInPlace, initialHistory());
    let checked = 0;
    for (const asOfDay of [5, 9, 12, 21, 30, 60])
      for (const knownDay of [0, 7, 8, 9, 20, 60])
        checked += expectPlainReading(
          state,
          { asOf: at(asOfDay), knownAt: at(knownDay) },
          DEFAULT_RULES,
        );
    expect(checked).toBe(6 * 6 * 3);
  });
});
