import fc from 'fast-check';
import { commitmentDecided, foldDecided, progressReported } from '../../testing';
import { historiesArb, instantNearArb } from '../../testing/commitment.arbitraries';
import type { Instant } from '../calendar';
import { DomainError } from '../commitment/commitment.errors';
import { evaluateItem } from '../status/evaluate-status';
import { DEFAULT_RULES, type Moment, type StatusRules } from '../status/status.types';
import {
  configurationRuleSet,
  decideStatusRules,
  evolveRuleSets,
  INITIAL_REASON,
  ruleSetInForce,
  type AdoptStatusRules,
  type RuleSetsState,
} from './status-rules';

const CONFIGURED: StatusRules = {
  warningDays: 30,
  staleDelayDays: 15,
  trajectory: true,
  milestones: true,
};
const FALLBACK = configurationRuleSet(CONFIGURED);

const adopt = (
  data: Partial<AdoptStatusRules['data']>,
  now: Instant = '2021-06-01T10:00:00.000Z',
): AdoptStatusRules => ({
  type: 'AdoptStatusRules',
  data: { effectiveFrom: '2021-06-01', reason: 'Décision du COSINUM', ...data },
  metadata: { now },
});

/** Decides, then folds what was decided, recorded at the command's instant. */
const apply = (state: RuleSetsState, command: AdoptStatusRules): RuleSetsState =>
  decideStatusRules(command, state, CONFIGURED).reduce(
    (s, e) => evolveRuleSets(s, { ...e, metadata: { recordedAt: command.metadata.now } }),
    state,
  );

const initial = apply(
  [],
  adopt({ initial: true, reason: INITIAL_REASON }, '2020-11-01T08:00:00.000Z'),
);

describe('AdoptStatusRules', () => {
  it('the first rule set of a store comes from the configuration', () => {
    expect(initial).toEqual([
      {
        id: 'R1',
        effectiveFrom: '2021-06-01',
        ...CONFIGURED,
        reason: INITIAL_REASON,
        initial: true,
        recordedAt: '2020-11-01T08:00:00.000Z',
      },
    ]);
  });

  it('a field left out keeps its value from the rule set in force on its date', () => {
    const first = apply(initial, adopt({ effectiveFrom: '2021-01-01', warningDays: 45 }));
    const second = apply(first, adopt({ effectiveFrom: '2021-03-01', trajectory: false }));
    expect(second[2]).toMatchObject({
      id: 'R3',
      effectiveFrom: '2021-03-01',
      warningDays: 45,
      staleDelayDays: 15,
      trajectory: false,
      milestones: true,
    });
  });

  it('on an empty store, records the configuration first, then the decision', () => {
    const events = decideStatusRules(adopt({ staleDelayDays: 30 }), [], CONFIGURED);
    expect(
      events.map((e) => [e.data.ruleSetId, e.data.initial ?? false, e.data.staleDelayDays]),
    ).toEqual([
      ['R1', true, 15],
      ['R2', false, 30],
    ]);
  });

  it.each([
    [{ effectiveFrom: '2021-02-30' }, 'effectiveFrom'],
    [{ warningDays: -1 }, 'warningDays'],
    [{ warningDays: 2.5 }, 'warningDays'],
    [{ staleDelayDays: 400 }, 'staleDelayDays'],
    [{ trajectory: 'yes' as never }, 'trajectory'],
    [{ milestones: 1 as never }, 'milestones'],
    [{ reason: '   ' }, 'reason'],
    [{ reason: 'a\u202eb' }, 'reason'],
    [{ decisionRef: 'x'.repeat(201) }, 'decisionRef'],
  ])('refuses %j, naming %s', (data, field) => {
    let error: unknown;
    try {
      decideStatusRules(adopt(data), initial, CONFIGURED);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'STATUS_RULES.INVALID', field });
  });

  it('refuses a second first rule set', () => {
    expect(() => decideStatusRules(adopt({ initial: true }), initial, CONFIGURED)).toThrow(
      expect.objectContaining({ code: 'STATUS_RULES.ALREADY_INITIALISED' }),
    );
  });
});

describe('the rule set in force', () => {
  const sets = apply(
    apply(
      initial,
      adopt({ effectiveFrom: '2021-01-01', warningDays: 45 }, '2021-02-01T10:00:00.000Z'),
    ),
    adopt({ effectiveFrom: '2021-04-01', warningDays: 10 }, '2021-03-15T10:00:00.000Z'),
  );
  const inForce = (asOf: Instant, knownAt: Instant) =>
    ruleSetInForce(sets, { asOf, knownAt }, FALLBACK).id;

  it('at asOf, as known at knownAt', () => {
    expect(inForce('2021-02-15T10:00:00.000Z', '2021-06-01T10:00:00.000Z')).toBe('R2');
    expect(inForce('2021-05-15T10:00:00.000Z', '2021-06-01T10:00:00.000Z')).toBe('R3');
    // Adopted on 15 March for 1 April: a board of 1 May as known on 10 March did not know it.
    expect(inForce('2021-05-01T10:00:00.000Z', '2021-03-10T10:00:00.000Z')).toBe('R2');
    // Effective from 1 January but recorded on 1 February: not yet known in mid-January.
    expect(inForce('2021-01-15T10:00:00.000Z', '2021-01-15T10:00:00.000Z')).toBe('R1');
  });

  it('before any adopted rule set, the first one, which states the rules followed until then', () => {
    expect(inForce('2020-06-01T10:00:00.000Z', '2020-06-01T10:00:00.000Z')).toBe('R1');
  });

  it('a store without any rule set uses the configuration', () => {
    expect(
      ruleSetInForce(
        [],
        { asOf: '2021-01-01T10:00:00Z', knownAt: '2021-01-01T10:00:00Z' },
        FALLBACK,
      ).id,
    ).toBe('configuration');
  });

  it('the Paris day decides: 00:30 on 1 April in Paris is already under the rules of 1 April', () => {
    expect(inForce('2021-03-31T22:30:00.000Z', '2021-06-01T10:00:00.000Z')).toBe('R3');
    expect(inForce('2021-03-31T21:30:00.000Z', '2021-06-01T10:00:00.000Z')).toBe('R2');
  });
});

describe('rule sets (properties)', () => {
  const effectiveArb = fc
    .integer({ min: 0, max: 900 })
    .map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const adoptionArb = (after: number) =>
    fc.record({
      effectiveFrom: effectiveArb,
      warningDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      staleDelayDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      trajectory: fc.option(fc.boolean(), { nil: undefined }),
      milestones: fc.option(fc.boolean(), { nil: undefined }),
      minutes: fc.integer({ min: after, max: after + 400 * 1440 }),
    });
  const at = (minutes: number): Instant =>
    new Date(Date.UTC(2020, 0, 1) + minutes * 60_000).toISOString();

  it('a board under the rule set in force at asOf as known at K is the same after any later rule change', () => {
    fc.assert(
      fc.property(
        historiesArb
          .chain((streams) =>
            fc.record({
              stream: fc.constant(streams[0]),
              before: fc.array(adoptionArb(0), { maxLength: 4 }),
              knownAtMinutes: fc.integer({ min: 0, max: 500 * 1440 }),
              asOf: instantNearArb(streams),
            }),
          )
          .chain((c) =>
            fc.record({
              c: fc.constant(c),
              // Every later adoption is recorded after K, whatever its effective date.
              later: fc.array(adoptionArb(c.knownAtMinutes + 1), { minLength: 1, maxLength: 3 }),
            }),
          ),
        ({ c, later }) => {
          const record = (state: RuleSetsState, a: (typeof later)[number]) =>
            apply(
              state,
              adopt(
                {
                  effectiveFrom: a.effectiveFrom,
                  warningDays: a.warningDays,
                  staleDelayDays: a.staleDelayDays,
                  trajectory: a.trajectory,
                  milestones: a.milestones,
                },
                at(a.minutes),
              ),
            );
          // A store holds its first rule set from its first start (the server records it then).
          const first = apply([], adopt({ initial: true, reason: INITIAL_REASON }, at(0)));
          const known = [...c.before].sort((x, y) => x.minutes - y.minutes).reduce(record, first);
          const all = [...later].sort((x, y) => x.minutes - y.minutes).reduce(record, known);
          const knownAt = at(c.knownAtMinutes);
          const moment: Moment = { asOf: c.asOf, knownAt };
          const then = ruleSetInForce(known, moment, FALLBACK);
          const now = ruleSetInForce(all, moment, FALLBACK);
          expect(now).toEqual(then);
          const history = foldDecided(c.stream);
          for (const ministry of Object.keys(history.ministries))
            expect(evaluateItem(history, ministry, moment, now)).toEqual(
              evaluateItem(history, ministry, moment, then),
            );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("a past board under today's rules", () => {
  it('the same facts, judged by another rule set, can read differently', () => {
    const history = foldDecided([
      commitmentDecided({}, '2020-12-03T17:00:00.000Z'),
      progressReported({ ministry: 'MI', value: 80, on: '2021-01-10' }, '2021-01-10T16:00:00.000Z'),
    ]);
    const moment = { asOf: '2021-03-05T10:00:00.000Z', knownAt: '2021-03-05T10:00:00.000Z' };
    const then = evaluateItem(history, 'MI', moment, { ...DEFAULT_RULES, warningDays: 30 });
    const today = evaluateItem(history, 'MI', moment, {
      ...DEFAULT_RULES,
      warningDays: 10,
      trajectory: false,
      staleDelayDays: 60,
    });
    expect(then?.state).toBe('at_risk');
    expect(today?.state).toBe('on_track');
  });
});
