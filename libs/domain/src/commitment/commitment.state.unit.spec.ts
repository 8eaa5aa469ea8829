import fc from 'fast-check';
import {
  EMAIL_DECISION,
  commitmentDecided,
  deadlineExtended,
  ministryExempted,
  targetRevised,
  commitmentWithdrawn,
} from '../../testing';
import { historiesArb } from '../../testing/commitment.arbitraries';
import {
  currentDeadline,
  currentTarget,
  evolveHistory,
  initialHistory,
} from '../status/commitment-history';
import type { CommitmentEvent } from './commitment.events';
import { deadlineOf, evolve, initialState, type Commitment } from './commitment.state';

const revised = (target: number, on: string) =>
  targetRevised({ previousTarget: 100, target, reason: 'Révision', on });
const extended = (deadline: string, ministry?: string) =>
  deadlineExtended({
    ...(ministry ? { ministry } : {}),
    previousDeadline: '2021-03-31',
    deadline,
    reason: 'Report',
    on: '2021-02-01',
  });
const exempted = (ministry: string) =>
  ministryExempted({ ministry, reason: 'Hors champ', on: '2021-02-01' });
const withdrawn = () => commitmentWithdrawn({ reason: 'Abandon', on: '2021-02-01' });

const fold = (events: readonly CommitmentEvent[]) =>
  events.reduce(evolve, initialState()) as Commitment;

describe('the decider state', () => {
  const decided = commitmentDecided();
  const [mi, mj] = EMAIL_DECISION.ministries as string[];

  it('holds what the decision says', () => {
    const state = fold([decided]);
    expect(state).toMatchObject({
      status: 'active',
      metricKind: decided.data.metric.kind,
      target: { value: decided.data.metric.target, on: null },
      deadline: decided.data.deadline,
    });
    expect(state.ministries[mi]).toEqual({ exempted: false });
  });

  it('keeps the target with the latest business date, not the last recorded', () => {
    const state = fold([decided, revised(90, '2021-02-01'), revised(95, '2021-01-15')]);
    expect(state.target).toEqual({ value: 90, on: '2021-02-01' });
  });

  it('lets a later revision of the same day win', () => {
    const state = fold([decided, revised(90, '2021-02-01'), revised(80, '2021-02-01')]);
    expect(state.target.value).toBe(80);
  });

  it('gives each ministry the later of the common deadline and its own', () => {
    const state = fold([decided, extended('2021-09-30', mi), extended('2021-06-30')]);
    expect(deadlineOf(state, mi)).toBe('2021-09-30');
    expect(deadlineOf(state, mj)).toBe('2021-06-30');
    expect(deadlineOf(state)).toBe('2021-06-30');
  });

  it('records exemptions and the withdrawal, and ignores progress', () => {
    const exemptedState = fold([decided, exempted(mj)]);
    expect(exemptedState.ministries[mj].exempted).toBe(true);
    expect(
      evolve(exemptedState, {
        type: 'ProgressReported',
        data: { commitmentId: 'x', ministry: mi, value: 1, on: '2021-01-01' },
      }),
    ).toBe(exemptedState);
    expect(fold([decided, withdrawn()]).status).toBe('withdrawn');
  });

  it('agrees with the read side on every random history: target, deadlines, exemptions, status', () => {
    fc.assert(
      fc.property(historiesArb, (streams) => {
        for (const stream of streams) {
          const history = stream.reduce(evolveHistory, initialHistory());
          const state = stream.reduce(evolve, initialState());
          expect(state.status).toBe(history.status);
          if (history.status === 'initial' || state.status === 'initial') continue;
          expect(state.target.value).toBe(currentTarget(history));
          expect(state.metricKind).toBe(history.definition.metric.kind);
          expect(Object.keys(state.ministries).sort()).toEqual(
            Object.keys(history.ministries).sort(),
          );
          expect(deadlineOf(state)).toBe(currentDeadline(history));
          for (const code of Object.keys(history.ministries)) {
            expect(deadlineOf(state, code)).toBe(currentDeadline(history, code));
            expect(state.ministries[code].exempted).toBe(
              Boolean(history.ministries[code].exemption),
            );
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
