/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/history-check.ts FILE`:
 * replays every event of a history file (written by bench/history.ts, e.g. with
 * bench/board-bytes.ts) through its decider — the command it stands for, decided at its own
 * `recordedAt` on the state and organisation chart folded so far — and counts, by type, the
 * events the decider would have written identically and those it refuses or writes otherwise
 * (with the first reason). Issue 21: every event of a 200,000-event history was accepted.
 */
import * as d from '@cosinum/domain';
import { SqliteEventStore } from '@cosinum/event-store';
const sqlite = new SqliteEventStore({ filename: process.argv[2] });
const states = new Map<string, d.CommitmentState>();
let chart = d.emptyChart();
let rules: d.RuleSetsState = [];
const errors = new Map<string, { n: number; first: string }>();
const ok = new Map<string, number>();
const note = (type: string, e: unknown) => {
  const x = errors.get(type) ?? { n: 0, first: String((e as Error).message ?? e) };
  x.n++;
  errors.set(type, x);
};
const canon = (o: unknown): string =>
  JSON.stringify(o, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
const omit = (o: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const CMD: Record<string, [string, string[]]> = {
  CommitmentDecided: ['DecideCommitment', []],
  ProgressReported: ['ReportProgress', []],
  DeadlineExtended: ['ExtendDeadline', ['previousDeadline']],
  TargetRevised: ['ReviseTarget', ['previousTarget']],
  MinistryExempted: ['ExemptMinistry', []],
  CommitmentWithdrawn: ['WithdrawCommitment', []],
  ReportingChanged: ['ChangeReporting', ['previousReporting']],
  MilestoneAdded: ['AddMilestone', []],
};
const CHANGE: Record<string, string> = {
  OrganisationCreated: 'create',
  OrganisationRenamed: 'rename',
  OrganisationsMerged: 'merge',
  OrganisationSplit: 'split',
  OrganisationDissolved: 'dissolve',
};
for (const e of sqlite.iterateAll()) {
  const now = e.metadata.recordedAt as string;
  const data = e.data as Record<string, unknown>;
  try {
    if (d.isCommitmentEvent(e)) {
      const id = data.commitmentId as string;
      const [type, drop] = CMD[e.type];
      const state = states.get(id) ?? d.initialState();
      const cmd = omit(data, ...drop);
      if (e.type === 'CommitmentDecided') {
        if (data.allMinistries) cmd.ministries = 'all';
        delete cmd.allMinistries;
      }
      const decided = d.decide(
        { type, data: cmd, metadata: { now, organisations: new Set(chart.keys()) } } as never,
        state,
      );
      if (
        decided.length !== 1 ||
        decided[0].type !== e.type ||
        canon(decided[0].data) !== canon(e.data)
      )
        throw new Error(
          `decided ${canon(decided[0].data).slice(0, 900)} vs ${canon(e.data).slice(0, 900)}`,
        );
      states.set(id, d.evolve(state, e as never));
    } else if (d.isOrganisationEvent(e)) {
      const decided = d.decideOrganisation(
        {
          type: 'RecordOrganisationChange',
          data: { change: CHANGE[e.type], ...omit(data, 'previousName') },
          metadata: { now },
        } as never,
        chart,
      );
      if (decided[0].type !== e.type || JSON.stringify(decided[0].data) !== JSON.stringify(e.data))
        throw new Error(`decided ${JSON.stringify(decided)} vs ${JSON.stringify(e.data)}`);
      chart = d.evolveChart(chart, e as never, e.streamRevision);
    } else if (e.type === 'StatusRulesAdopted') {
      const decided = d.decideStatusRules(
        { type: 'AdoptStatusRules', data: omit(data, 'ruleSetId'), metadata: { now } } as never,
        rules,
        d.DEFAULT_RULES,
      );
      const last = decided[decided.length - 1];
      if (decided.length !== 1 || JSON.stringify(last.data) !== JSON.stringify(e.data))
        throw new Error(`decided ${JSON.stringify(decided)} vs ${JSON.stringify(e.data)}`);
      rules = d.evolveRuleSets(rules, e as never);
    }
    ok.set(e.type, (ok.get(e.type) ?? 0) + 1);
  } catch (err) {
    note(e.type, err);
  }
}
console.log('accepted', Object.fromEntries(ok));
console.log('refused', Object.fromEntries(errors));
