import fc from 'fast-check';
import type { Stored } from '../../testing';
import {
  historiesArb,
  instantNearArb,
  interleavingArb,
  rulesArb,
} from '../../testing/commitment.arbitraries';
import type { Instant } from '../calendar';
import { evolve, initialState, type CommitmentState } from '../commitment';
import { evaluateCommitment } from './commitment-view';
import { evaluateItem } from './evaluate-status';
import type { Moment, StatusItem, StatusRules } from './status.types';

/** Kept modest: the file should run in a few seconds. */
const RUNS = { numRuns: 100 };

/** What a projection does with the global log: one state per stream, each folded in log order. */
const foldLog = (log: readonly Stored[]): Map<string, CommitmentState> => {
  const states = new Map<string, CommitmentState>();
  for (const event of log) {
    const id = event.data.commitmentId;
    states.set(id, evolve(states.get(id) ?? initialState(), event));
  }
  return states;
};

const foldStream = (events: readonly Stored[]): CommitmentState =>
  events.reduce(evolve, initialState());

/** The event as a projection folding it live sees it: recordedAt stays null. */
const withoutMetadata = ({ type, data }: Stored): Stored => ({ type, data }) as Stored;

/** Every ministry a commitment was assigned, whatever was known: the board's rows. */
const ministriesOf = (stream: readonly Stored[]): string[] => {
  const decision = stream.find((e) => e.type === 'CommitmentDecided');
  return decision?.type === 'CommitmentDecided' ? decision.data.ministries : [];
};

/** The items of one commitment at one moment, by ministry; null for "not on the board". */
const board = (
  state: CommitmentState | undefined,
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

const rollup = (state: CommitmentState | undefined, moment: Moment, rules: StatusRules) =>
  state === undefined || state.status === 'initial'
    ? null
    : evaluateCommitment(state, moment, rules);

const momentArb = (streams: readonly Stored[][]): fc.Arbitrary<Moment> =>
  fc.record({ asOf: instantNearArb(streams), knownAt: instantNearArb(streams) });

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
        historiesArb.chain((streams) =>
          fc.record({
            streams: fc.constant(streams),
            // Recording instants themselves too, where "up to knownAt" is decided by equality.
            moments: fc.array(momentArb(streams), { minLength: 1, maxLength: 4 }),
            rules: rulesArb,
          }),
        ),
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
});
