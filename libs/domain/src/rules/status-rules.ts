import { isCalendarDate, parisDateOf, type CalendarDate, type Instant } from '../calendar';
import { DomainError } from '../commitment/commitment.errors';
import type { Event } from '../commitment/commitment.events';
import type { Command } from '../commitment/commitment.commands';
import { textProblem } from '../commitment/text';
import { recordedBy } from '../status/evaluate-status';
import type { Moment, StatusRules } from '../status/status.types';

/**
 * The status rules are decisions, recorded like any other: a board evaluated at `asOf`, as known
 * at `knownAt`, uses the rule set in force at `asOf` as known at `knownAt`, so that changing a
 * threshold never rewrites a past board, and anyone can still ask what the board would say under
 * today's rules. One stream holds every rule set.
 */
export const STATUS_RULES_STREAM = 'status-rules';

export type StatusRulesAdopted = Event<
  'StatusRulesAdopted',
  StatusRules & {
    /** `R1`, `R2`…: the stream position, readable in exports and manifests. */
    ruleSetId: string;
    /** The first day on which the rules apply (Paris calendar date). */
    effectiveFrom: CalendarDate;
    reason: string;
    decisionRef?: string;
    /** The first rule set of a store, taken from the configuration: it applies from the start. */
    initial?: boolean;
  }
>;

export type AdoptStatusRules = Command<
  'AdoptStatusRules',
  Partial<StatusRules> & {
    effectiveFrom: CalendarDate;
    reason: string;
    decisionRef?: string;
    initial?: boolean;
  }
>;

/** A rule set as a board names it. */
export interface RuleSet extends StatusRules {
  readonly id: string;
  readonly effectiveFrom: CalendarDate;
  readonly reason: string;
  readonly decisionRef?: string;
  readonly initial: boolean;
  /** When the store recorded it; null when folded without metadata (unit specs). */
  readonly recordedAt: Instant | null;
}

/** Every rule set, in stream order. */
export type RuleSetsState = readonly RuleSet[];

export const initialRuleSets = (): RuleSetsState => [];

export const evolveRuleSets = (
  state: RuleSetsState,
  event: StatusRulesAdopted & { readonly metadata?: { readonly recordedAt?: Instant } },
): RuleSetsState => {
  const { ruleSetId, initial, ...rules } = event.data;
  return [
    ...state,
    {
      ...rules,
      id: ruleSetId,
      initial: initial === true,
      recordedAt: event.metadata?.recordedAt ?? null,
    },
  ];
};

/** A rule set identified as the configuration's, for a store that has recorded none yet. */
export const configurationRuleSet = (rules: StatusRules): RuleSet => ({
  ...rules,
  id: 'configuration',
  effectiveFrom: '1970-01-01',
  reason: 'Règles de la configuration (aucune règle adoptée dans le journal)',
  initial: true,
  recordedAt: null,
});

/**
 * The rule set in force at `moment.asOf`, as known at `moment.knownAt`: among the rule sets
 * recorded by `knownAt` and effective on or before the Paris day of `asOf`, the latest effective
 * one (the latest recorded breaks ties). Before any of them, the store's first rule set, which
 * states the rules the board followed before they were decisions. `fallback` serves a store that
 * has none.
 */
export const ruleSetInForce = (
  ruleSets: RuleSetsState,
  moment: Moment,
  fallback: RuleSet,
): RuleSet => {
  const asOfDate = parisDateOf(moment.asOf);
  let found: RuleSet | undefined;
  for (const r of ruleSets) {
    if (r.recordedAt !== null && !recordedBy(r.recordedAt, moment.knownAt)) continue;
    if (!r.initial && r.effectiveFrom > asOfDate) continue;
    if (found === undefined || r.effectiveFrom >= found.effectiveFrom || found.initial) found = r;
  }
  return found ?? ruleSets[0] ?? fallback;
};

export class StatusRulesError extends DomainError {
  override readonly name = 'StatusRulesError';
  static invalid(field: string, message: string): StatusRulesError {
    return new StatusRulesError('STATUS_RULES.INVALID', 'invalid', message, field);
  }
}

const MAX_DAYS = 366;

/** The reason recorded with the first rule set, taken from the configuration. */
export const INITIAL_REASON =
  'Règles en vigueur avant leur première adoption, reprises de la configuration du service';

const checkDays = (field: keyof StatusRules, value: unknown): void => {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DAYS)
    throw StatusRulesError.invalid(
      field,
      `${field} must be a whole number of days from 0 to ${MAX_DAYS}`,
    );
};

const checkFlag = (field: keyof StatusRules, value: unknown): void => {
  if (value !== undefined && typeof value !== 'boolean')
    throw StatusRulesError.invalid(field, `${field} must be true or false`);
};

/**
 * Adopts a rule set: a field left out keeps its value from the rule set in force on
 * `effectiveFrom` as known now (or from `fallback`, the configuration, on an empty stream).
 */
export const decideStatusRules = (
  command: AdoptStatusRules,
  state: RuleSetsState,
  fallback: StatusRules,
): StatusRulesAdopted[] => {
  const { data } = command;
  if (!isCalendarDate(data.effectiveFrom))
    throw StatusRulesError.invalid(
      'effectiveFrom',
      'effectiveFrom must be a real calendar date YYYY-MM-DD',
    );
  checkDays('warningDays', data.warningDays);
  checkDays('staleDelayDays', data.staleDelayDays);
  checkFlag('trajectory', data.trajectory);
  checkFlag('milestones', data.milestones);
  const reasonProblem =
    typeof data.reason !== 'string'
      ? 'is required'
      : data.reason.length > 2000
        ? 'must be at most 2000 characters'
        : textProblem(data.reason);
  if (reasonProblem) throw StatusRulesError.invalid('reason', `reason ${reasonProblem}`);
  if (data.decisionRef !== undefined) {
    const problem =
      typeof data.decisionRef !== 'string' || data.decisionRef.length > 200
        ? 'must be a text of at most 200 characters'
        : textProblem(data.decisionRef, { singleLine: true });
    if (problem) throw StatusRulesError.invalid('decisionRef', `decisionRef ${problem}`);
  }
  if (data.initial && state.length > 0)
    throw new StatusRulesError(
      'STATUS_RULES.ALREADY_INITIALISED',
      'conflict',
      'The store already holds its first rule set',
    );
  const base: StatusRules =
    state.length === 0
      ? fallback
      : ruleSetInForce(
          state,
          { asOf: `${data.effectiveFrom}T12:00:00.000Z`, knownAt: command.metadata.now },
          configurationRuleSet(fallback),
        );
  const initial: StatusRulesAdopted[] =
    state.length === 0 && !data.initial
      ? [
          {
            type: 'StatusRulesAdopted',
            data: {
              ruleSetId: 'R1',
              effectiveFrom: parisDateOf(command.metadata.now),
              ...fallback,
              reason: INITIAL_REASON,
              initial: true,
            },
          },
        ]
      : [];
  const rules: StatusRules = {
    warningDays: data.warningDays ?? base.warningDays,
    staleDelayDays: data.staleDelayDays ?? base.staleDelayDays,
    trajectory: data.trajectory ?? base.trajectory,
    milestones: data.milestones ?? base.milestones,
  };
  return [
    ...initial,
    {
      type: 'StatusRulesAdopted',
      data: {
        ruleSetId: `R${state.length + initial.length + 1}`,
        effectiveFrom: data.effectiveFrom,
        ...rules,
        reason: data.reason,
        ...(data.decisionRef !== undefined && { decisionRef: data.decisionRef }),
        ...(data.initial && { initial: true }),
      },
    },
  ];
};
