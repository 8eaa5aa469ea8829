/**
 * A generated, realistic COSINUM history: commitments decided over a decade, assigned to some or
 * all of the reference organisations, each with its reporting cadence and some with milestones,
 * progress reports per ministry, deadline extensions (per ministry and common), target revisions,
 * cadence changes, milestones added later, exemptions and withdrawals; beside them the store-wide
 * reference streams: the organisation chart (the reference organisations created at the start,
 * then ministries renamed, merged and split as governments change) and the status rule sets
 * adopted over the decade. `recordedAt` is monotonic, spread over the years. Deterministic for a
 * given seed and size.
 *
 * Written through the real SqliteEventStore (its appendToStream: idempotency check, revision
 * check, insert) inside big outer transactions, each event chained exactly as ChainedEventStore
 * chains it (eventHash / GENESIS_HASH from libs/integrity), so that verifyLog accepts the log.
 */
import { GENESIS_HASH, eventHash } from '@cosinum/integrity';
import {
  ALL_MINISTRY_CODES,
  DEFAULT_RULES,
  INITIAL_REASON,
  ORGANISATIONS,
  ORGANISATIONS_STREAM,
  ORGANISATION_CODES,
  STATUS_RULES_STREAM,
  commitmentStream,
  type Cadence,
  type Metric,
  type Milestone,
  type Reporting,
} from '@cosinum/domain';
import type { EventMetadata, NewEvent, SqliteEventStore } from '@cosinum/event-store';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/**
 * Monday 4 January 2016, 00:00 UTC: the first week of the decade. Early enough that a history of
 * a million events is all recorded before today, as a real one is: a server asked for "now" then
 * knows every fact (the generator stops at the size asked, about mid-decade for a million).
 */
export const HISTORY_START = Date.UTC(2016, 0, 4);
export const HISTORY_WEEKS = 520;

/** mulberry32: small, fast, deterministic. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const uuidFrom = (random: () => number): string => {
  const hex = (n: number) =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
};

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface Track {
  readonly code: string;
  value: number;
  /** Value gained per week, in metric units (may be ~0: a stalled ministry). */
  readonly ratePerWeek: number;
  deadline: string;
  exempt: boolean;
  met: boolean;
  /** Day of the week (0–4) on which this ministry usually reports. */
  readonly weekday: number;
}

interface PlannedCommitment {
  readonly id: string;
  readonly stream: string;
  readonly reporting: Reporting;
  readonly milestones: readonly Milestone[];
  readonly decidedWeek: number;
  readonly lastWeek: number;
  readonly ministries: readonly string[];
  readonly all: boolean;
  readonly metric: Metric;
  readonly deadlineWeek: number;
  readonly withdrawWeek: number | null;
}

/** A stream being written: its name, last revision and last link of its chain. */
interface Chain {
  readonly stream: string;
  revision: number;
  previousHash: string;
}

interface LiveCommitment extends Chain {
  readonly plan: PlannedCommitment;
  commonDeadline: string;
  target: number;
  withdrawn: boolean;
  reporting: Reporting;
  /** Days of the milestones set so far (one a day, as the decider requires). */
  readonly milestoneDays: Set<string>;
  readonly tracks: Track[];
}

export interface HistoryStats {
  events: number;
  /** Commitment streams (the organisation chart and the rule sets are two more streams). */
  commitments: number;
  streams: number;
  byType: Record<string, number>;
  firstRecordedAt: string;
  lastRecordedAt: string;
  /** Position of the last event recorded at the end of each week, for moment sampling. */
  maxStreamLength: number;
  medianStreamLength: number;
  writeMs: number;
}

const metricFor = (random: () => number, decidedOn: string): Metric => {
  const r = random();
  if (r < 0.65) {
    const target = [80, 90, 95, 100][Math.floor(random() * 4)];
    return {
      kind: 'percentage',
      direction: 'increase',
      target,
      baseline: { value: Math.round(random() * 50), on: decidedOn },
    };
  }
  if (r < 0.75) {
    return {
      kind: 'percentage',
      direction: 'decrease',
      target: 5,
      baseline: { value: 20 + Math.round(random() * 30), on: decidedOn },
    };
  }
  if (r < 0.85) {
    const target = 1000 * (1 + Math.floor(random() * 50));
    return {
      kind: 'count',
      unit: 'démarches',
      direction: 'increase',
      target,
      baseline: { value: Math.round(target * random() * 0.2), on: decidedOn },
    };
  }
  if (r < 0.93) return { kind: 'boolean', direction: 'increase', target: 1 };
  return {
    kind: 'score',
    direction: 'increase',
    target: 7 + Math.floor(random() * 2),
    baseline: { value: 4 + Math.round(random() * 20) / 10, on: decidedOn },
  };
};

const clampTo = (metric: Metric, value: number): number => {
  if (metric.kind === 'boolean') return value >= 1 ? 1 : 0;
  const max = metric.kind === 'percentage' ? 100 : metric.kind === 'score' ? 10 : 1e9;
  const rounded = metric.kind === 'count' ? Math.round(value) : Math.round(value * 10) / 10;
  return Math.min(max, Math.max(0, rounded));
};

const reaches = (metric: Metric, value: number, target: number) =>
  metric.direction === 'increase' ? value >= target : value <= target;

/**
 * The cadence a decision sets: about half weekly, a third monthly, the rest quarterly; a yes/no
 * action is declared once (`none`), as `defaultReporting` says. A fifth name their own delay.
 * Ministries report about weekly whatever the cadence (their dashboards are weekly): the cadence
 * decides when an item is stale, not how many facts the log holds.
 */
const reportingFor = (random: () => number, metric: Metric): Reporting => {
  if (metric.kind === 'boolean') return { every: 'none' };
  const r = random();
  const every: Cadence = r < 0.5 ? 'week' : r < 0.85 ? 'month' : 'quarter';
  return random() < 0.2 ? { every, delayDays: 5 + Math.floor(random() * 26) } : { every };
};

/** The target of a milestone at `share` of the way from the baseline to the target. */
const milestoneTarget = (metric: Metric, share: number, target = metric.target): number =>
  clampTo(metric, (metric.baseline?.value ?? 0) + (target - (metric.baseline?.value ?? 0)) * share);

/** A third of the measured commitments are decided with one to three dated milestones. */
const milestonesFor = (
  random: () => number,
  metric: Metric,
  decidedWeek: number,
  deadlineWeek: number,
): Milestone[] => {
  if (metric.kind === 'boolean' || random() >= 0.35) return [];
  const n = 1 + Math.floor(random() * 3);
  const milestones: Milestone[] = [];
  for (let k = 1; k <= n; k++) {
    const share = k / (n + 1);
    const week = decidedWeek + Math.round((deadlineWeek - decidedWeek) * share);
    milestones.push({
      on: isoDate(HISTORY_START + week * WEEK_MS),
      target: milestoneTarget(metric, share),
      label: `Jalon ${k}`,
    });
  }
  return milestones;
};

/**
 * Plans enough commitments for `events` events: about 400 commitments per million events (the
 * stream lengths stay those of the full-size history whatever the size), each with 3 to 21
 * organisations (30 % "every ministry"), reporting for 3 to 6 years.
 */
const plan = (events: number, random: () => number): PlannedCommitment[] => {
  const planned: PlannedCommitment[] = [];
  let capacity = 0;
  const wanted = Math.max(8, Math.round((400 * events) / 1_000_000));
  while (planned.length < wanted || capacity < events * 1.5) {
    const decidedWeek = Math.floor(random() * HISTORY_WEEKS * 0.6);
    const all = random() < 0.3;
    const ministries = all
      ? [...ALL_MINISTRY_CODES]
      : ORGANISATION_CODES.filter(() => random() < 0.55).slice(0, 21);
    if (ministries.length < 3) continue;
    const lastWeek = Math.min(HISTORY_WEEKS - 1, decidedWeek + 156 + Math.floor(random() * 156));
    const decidedOn = isoDate(HISTORY_START + decidedWeek * WEEK_MS);
    const withdrawWeek =
      random() < 0.03 ? decidedWeek + 10 + Math.floor(random() * (lastWeek - decidedWeek)) : null;
    const metric = metricFor(random, decidedOn);
    const deadlineWeek = decidedWeek + 26 + Math.floor(random() * 130);
    planned.push({
      id: uuidFrom(random),
      stream: '',
      reporting: reportingFor(random, metric),
      milestones: milestonesFor(random, metric, decidedWeek, deadlineWeek),
      decidedWeek,
      lastWeek,
      ministries,
      all,
      metric,
      deadlineWeek,
      withdrawWeek,
    });
    capacity += ministries.length * (lastWeek - decidedWeek) * 0.93;
  }
  return planned.map((p) => ({ ...p, stream: commitmentStream(p.id) }));
};

const REASONS = [
  'Retard de livraison du prestataire',
  'Arbitrage budgétaire du comité',
  'Dépendance à un chantier interministériel',
  'Revue du périmètre après audit',
];

/** « du ministère de la Mer », « au ministère de la Mer »: how sentences name an organisation. */
const nameForms = (name: string, shortName: string) => {
  const lower = name.charAt(0).toLowerCase() + name.slice(1);
  const [of, to] = name.startsWith('Ministère ')
    ? [`du ${lower}`, `au ${lower}`]
    : name.startsWith('Services ')
      ? [`des ${lower}`, `aux ${lower}`]
      : name.startsWith('Direction ') || name.startsWith('Caisse ')
        ? [`de la ${name}`, `à la ${name}`]
        : [`de ${name}`, `à ${name}`];
  return { name, shortName, of, to };
};

const weekOf = (date: string): number => Math.floor((Date.parse(date) - HISTORY_START) / WEEK_MS);

/** Rule sets adopted over the decade after the initial one: (recorded in the week of) `adopted`. */
const RULE_SETS = [
  {
    adopted: '2018-03-12',
    effectiveFrom: '2018-04-01',
    warningDays: 45,
    reason: 'Alerte plus précoce sur les échéances proches (relevé du COSINUM)',
  },
  {
    adopted: '2020-06-08',
    effectiveFrom: '2020-07-01',
    staleDelayDays: 10,
    reason: 'Les valeurs attendues sont dues dix jours après la fin de leur période',
  },
  {
    adopted: '2022-01-10',
    effectiveFrom: '2021-12-01',
    trajectory: false,
    reason: 'Tendance retirée des règles après la revue de la méthode (rétroactif au 1er décembre)',
  },
  {
    adopted: '2023-09-04',
    effectiveFrom: '2023-10-01',
    trajectory: true,
    warningDays: 30,
    reason: 'Retour de la tendance, avec une alerte à trente jours',
  },
] as const;

type OrganisationChange = { readonly type: string; readonly data: Record<string, unknown> };

/**
 * The organisation chart's changes, by the week they are recorded in: the reference
 * organisations exist from before the decade; governments then rename ministries, merge two,
 * split one (two ministries created the same day), as in 2017, 2020, 2022 and 2024. A split
 * names, for each commitment of the split ministry decided by then, which successor takes it.
 */
const organisationChanges = (
  week: number,
  liveHolding: (code: string) => string[],
): OrganisationChange[] => {
  const ruling = (on: string, reference: string) => ({
    on,
    reason: 'Composition du Gouvernement',
    reference,
  });
  const renamed = (
    code: string,
    previousName: string,
    name: string,
    short: string,
    on: string,
  ) => ({
    type: 'OrganisationRenamed',
    data: {
      code,
      previousName,
      ...nameForms(name, short),
      ...ruling(on, `Décret d'attributions du ${on}`),
    },
  });
  if (week === 0)
    return ORGANISATIONS.map((o) => ({
      type: 'OrganisationCreated',
      data: {
        code: o.code,
        kind: o.kind,
        ...nameForms(o.name, o.shortName),
        ...ruling('2012-05-16', 'Reprise des organisations de référence'),
      },
    }));
  if (week === weekOf('2017-05-22'))
    return [
      renamed(
        'MTE',
        'Ministère de la Transition écologique',
        'Ministère de la Transition écologique et solidaire',
        'Transition écologique et solidaire',
        '2017-05-17',
      ),
    ];
  if (week === weekOf('2020-07-13'))
    return [
      renamed(
        'MTE',
        'Ministère de la Transition écologique et solidaire',
        'Ministère de la Transition écologique',
        'Transition écologique',
        '2020-07-06',
      ),
      {
        type: 'OrganisationsMerged',
        data: { code: 'MMER', into: 'MTE', ...ruling('2020-07-06', 'Décret n° 2020-869') },
      },
    ];
  if (week === weekOf('2022-05-23')) {
    const on = '2022-05-20';
    const held = liveHolding('MENJS');
    return [
      renamed(
        'MEFR',
        "Ministère de l'Économie, des Finances et de la Relance",
        "Ministère de l'Économie, des Finances et de la Souveraineté industrielle et numérique",
        'Économie, Finances et Souveraineté',
        on,
      ),
      {
        type: 'OrganisationCreated',
        data: {
          code: 'MENJ',
          kind: 'ministry',
          ...nameForms(
            "Ministère de l'Éducation nationale et de la Jeunesse",
            'Éducation nationale',
          ),
          ...ruling(on, 'Décret n° 2022-836'),
        },
      },
      {
        type: 'OrganisationCreated',
        data: {
          code: 'MSJOP',
          kind: 'ministry',
          ...nameForms('Ministère des Sports et des Jeux olympiques et paralympiques', 'Sports'),
          ...ruling(on, 'Décret n° 2022-836'),
        },
      },
      {
        type: 'OrganisationSplit',
        data: {
          code: 'MENJS',
          into: ['MENJ', 'MSJOP'],
          // Most commitments go to Education; one in five to Sports.
          assignments: Object.fromEntries(
            held.map((id, i) => [id, i % 5 === 4 ? 'MSJOP' : 'MENJ']),
          ),
          ...ruling(on, 'Décret n° 2022-836'),
        },
      },
    ];
  }
  if (week === weekOf('2024-01-15'))
    return [
      renamed(
        'MTEI',
        "Ministère du Travail, de l'Emploi et de l'Insertion",
        'Ministère du Travail, de la Santé et des Solidarités',
        'Travail, Santé et Solidarités',
        '2024-01-11',
      ),
      {
        type: 'OrganisationsMerged',
        data: { code: 'MSS', into: 'MTEI', ...ruling('2024-01-11', 'Décret n° 2024-35') },
      },
    ];
  return [];
};

/**
 * Generates and writes `events` events. `onProgress(written)` is called after each transaction.
 */
export const writeHistory = async (
  store: SqliteEventStore,
  options: {
    events: number;
    seed: number;
    transactionSize?: number;
    onProgress?: (written: number) => void;
  },
): Promise<HistoryStats> => {
  const started = performance.now();
  const random = prng(options.seed);
  const planned = plan(options.events, random);
  const byWeek = new Map<number, PlannedCommitment[]>();
  for (const p of planned) byWeek.set(p.decidedWeek, [...(byWeek.get(p.decidedWeek) ?? []), p]);
  const live: LiveCommitment[] = [];
  const byType: Record<string, number> = {};
  const streamLengths = new Map<string, number>();
  const transactionSize = options.transactionSize ?? 20_000;
  let pending: { stream: string; event: NewEvent; expected: number | 'no_stream' }[] = [];
  let written = 0;
  let first = '';
  let last = '';
  const organisations: Chain = {
    stream: ORGANISATIONS_STREAM,
    revision: -1,
    previousHash: GENESIS_HASH,
  };
  const statusRules: Chain = {
    stream: STATUS_RULES_STREAM,
    revision: -1,
    previousHash: GENESIS_HASH,
  };
  let rulesInForce = { ...DEFAULT_RULES };

  const flush = async () => {
    const results: Promise<unknown>[] = [];
    store.connection.transaction(() => {
      for (const p of pending) {
        // appendToStream runs synchronously up to its return (no await before the SQLite
        // transaction), so every append of the batch lands inside this outer transaction.
        results.push(store.appendToStream(p.stream, [p.event], { expectedRevision: p.expected }));
      }
    })();
    await Promise.all(results);
    written += pending.length;
    pending = [];
    options.onProgress?.(written);
  };

  for (
    let week = 0;
    written + pending.length < options.events && week < 4 * HISTORY_WEEKS;
    week++
  ) {
    const weekStart = HISTORY_START + week * WEEK_MS;
    const monday = isoDate(weekStart);
    // What happens this week, in the order it is recorded; `on` is always before recording.
    const happenings: { c: Chain; type: string; data: object }[] = [];
    // The reference streams first: the chart and the rules a week's facts are read under.
    const holding = (code: string) =>
      live.filter((c) => !c.withdrawn && c.plan.ministries.includes(code)).map((c) => c.plan.id);
    for (const change of organisationChanges(week, holding))
      happenings.push({ c: organisations, ...change });
    if (week === 0)
      happenings.push({
        c: statusRules,
        type: 'StatusRulesAdopted',
        data: {
          ruleSetId: 'R1',
          effectiveFrom: monday,
          ...rulesInForce,
          reason: INITIAL_REASON,
          initial: true,
        },
      });
    RULE_SETS.forEach(({ adopted, effectiveFrom, reason, ...changed }, i) => {
      if (weekOf(adopted) !== week) return;
      rulesInForce = { ...rulesInForce, ...changed };
      happenings.push({
        c: statusRules,
        type: 'StatusRulesAdopted',
        data: {
          ruleSetId: `R${i + 2}`,
          effectiveFrom,
          ...rulesInForce,
          reason,
          decisionRef: `COSINUM du ${adopted}`,
        },
      });
    });
    for (const p of byWeek.get(week) ?? []) {
      const deadline = isoDate(HISTORY_START + p.deadlineWeek * WEEK_MS);
      const c: LiveCommitment = {
        plan: p,
        stream: p.stream,
        revision: -1,
        previousHash: GENESIS_HASH,
        commonDeadline: deadline,
        target: p.metric.target,
        withdrawn: false,
        reporting: p.reporting,
        milestoneDays: new Set(p.milestones.map((m) => m.on)),
        tracks: p.ministries.map((code) => {
          const start = p.metric.baseline?.value ?? 0;
          const weeksToDeadline = p.deadlineWeek - p.decidedWeek;
          const pace = random() < 0.1 ? 0.05 : 0.5 + random() * 1.5;
          return {
            code,
            value: start,
            ratePerWeek: ((p.metric.target - start) / weeksToDeadline) * pace,
            deadline,
            exempt: false,
            met: false,
            weekday: Math.floor(random() * 5),
          };
        }),
      };
      live.push(c);
      happenings.push({
        c,
        type: 'CommitmentDecided',
        data: {
          commitmentId: p.id,
          externalId: `bench-${p.id.slice(0, 8)}`,
          title: `Engagement ${p.id.slice(0, 8)} : dématérialisation des démarches`,
          description: `Décision du COSINUM du ${monday} (historique généré pour les mesures).`,
          source: { document: `COSINUM du ${monday}`, section: 'Fiche 01', decidedOn: monday },
          metric: p.metric,
          deadline,
          ministries: p.ministries,
          allMinistries: p.all,
          reporting: p.reporting,
          ...(p.milestones.length > 0 && { milestones: p.milestones }),
        },
      });
    }
    for (const c of live) {
      const p = c.plan;
      if (c.withdrawn || week <= p.decidedWeek || week > p.lastWeek) continue;
      const id = p.id;
      if (p.withdrawWeek === week) {
        c.withdrawn = true;
        happenings.push({
          c,
          type: 'CommitmentWithdrawn',
          data: { commitmentId: id, reason: 'Engagement abandonné', on: monday },
        });
        continue;
      }
      // A common extension at the original deadline, now and then.
      if (week === p.deadlineWeek && random() < 0.15) {
        const previousDeadline = c.commonDeadline;
        const deadline = isoDate(
          Date.parse(previousDeadline) + (13 + Math.floor(random() * 40)) * WEEK_MS,
        );
        c.commonDeadline = deadline;
        for (const t of c.tracks) if (t.deadline < deadline) t.deadline = deadline;
        happenings.push({
          c,
          type: 'DeadlineExtended',
          data: {
            commitmentId: id,
            previousDeadline,
            deadline,
            reason: REASONS[Math.floor(random() * REASONS.length)],
            decisionRef: `COSINUM ${monday}`,
            on: monday,
          },
        });
      }
      if (random() < 0.002 && p.metric.kind !== 'boolean') {
        const previousTarget = c.target;
        const target =
          p.metric.kind === 'count'
            ? Math.round(previousTarget * (random() < 0.5 ? 0.8 : 1.2))
            : clampTo(
                p.metric,
                previousTarget + (random() < 0.5 ? -5 : 5) * (p.metric.kind === 'score' ? 0.1 : 1),
              );
        if (target !== previousTarget && target > 0) {
          c.target = target;
          happenings.push({
            c,
            type: 'TargetRevised',
            data: {
              commitmentId: id,
              previousTarget,
              target,
              reason: 'Révision de la cible en comité',
              on: monday,
            },
          });
        }
      }
      // Now and then the committee changes a cadence or adds a milestone on the way.
      if (p.metric.kind !== 'boolean' && random() < 0.0015) {
        const every: Cadence = (['week', 'month', 'quarter'] as const).filter(
          (e) => e !== c.reporting.every,
        )[Math.floor(random() * 2)];
        const previousReporting = c.reporting;
        c.reporting = { every };
        happenings.push({
          c,
          type: 'ReportingChanged',
          data: {
            commitmentId: id,
            previousReporting,
            reporting: c.reporting,
            reason: 'Rythme de remontée revu en comité',
            decisionRef: `COSINUM ${monday}`,
            on: monday,
          },
        });
      }
      const deadlineWeek = weekOf(c.commonDeadline);
      if (p.metric.kind !== 'boolean' && deadlineWeek > week + 8 && random() < 0.004) {
        const milestoneWeek = week + 4 + Math.floor(random() * (deadlineWeek - week - 4));
        const on = isoDate(HISTORY_START + milestoneWeek * WEEK_MS);
        if (!c.milestoneDays.has(on)) {
          c.milestoneDays.add(on);
          const share = (milestoneWeek - p.decidedWeek) / (deadlineWeek - p.decidedWeek);
          happenings.push({
            c,
            type: 'MilestoneAdded',
            data: {
              commitmentId: id,
              milestone: {
                on,
                target: milestoneTarget(p.metric, share, c.target),
                label: 'Jalon ajouté',
              },
              reason: 'Point d’étape demandé par le comité',
              on: monday,
            },
          });
        }
      }
      for (const t of c.tracks) {
        if (t.exempt) continue;
        if (random() < 0.0004) {
          t.exempt = true;
          happenings.push({
            c,
            type: 'MinistryExempted',
            data: { commitmentId: id, ministry: t.code, reason: 'Hors périmètre', on: monday },
          });
          continue;
        }
        const weeksLeft = (Date.parse(t.deadline) - weekStart) / WEEK_MS;
        if (!t.met && weeksLeft > 0 && weeksLeft <= 1 && random() < 0.35) {
          const previousDeadline = t.deadline;
          t.deadline = isoDate(
            Date.parse(previousDeadline) + (8 + Math.floor(random() * 44)) * WEEK_MS,
          );
          happenings.push({
            c,
            type: 'DeadlineExtended',
            data: {
              commitmentId: id,
              ministry: t.code,
              previousDeadline,
              deadline: t.deadline,
              reason: REASONS[Math.floor(random() * REASONS.length)],
              on: monday,
            },
          });
        }
        // Weekly reports; after the target is met, only now and then.
        if (random() > (t.met ? 0.5 : 0.93)) continue;
        const noise = (random() - 0.5) * Math.abs(t.ratePerWeek) * 2;
        t.value = clampTo(p.metric, t.value + t.ratePerWeek + noise);
        if (p.metric.kind === 'boolean') t.value = t.met || random() < 0.01 ? 1 : 0;
        if (reaches(p.metric, t.value, c.target)) t.met = true;
        const on = isoDate(weekStart + t.weekday * DAY_MS);
        happenings.push({
          c,
          type: 'ProgressReported',
          data:
            random() < 0.1
              ? {
                  commitmentId: id,
                  ministry: t.code,
                  value: t.value,
                  on,
                  note: 'Relevé trimestriel consolidé',
                }
              : { commitmentId: id, ministry: t.code, value: t.value, on },
        });
      }
    }
    // Recorded from Saturday 00:00 UTC to Monday 00:00 of the next week: after every `on`.
    const room = Math.min(happenings.length, options.events - written - pending.length);
    for (let i = 0; i < room; i++) {
      const { c, type, data } = happenings[i];
      const recordedAt = new Date(
        weekStart + 5 * DAY_MS + Math.floor((i * 2 * DAY_MS) / room),
      ).toISOString();
      const ministry = (data as { ministry?: string }).ministry;
      const base: EventMetadata = {
        actor: ministry
          ? { subject: `bench-key-${ministry.toLowerCase()}`, role: 'ministry', ministry }
          : { subject: 'bench-key-analyst', role: 'analyst' },
        correlationId: uuidFrom(random),
        causationId: null,
        recordedAt,
        schemaVersion: 1,
      };
      const expected = c.revision === -1 ? 'no_stream' : c.revision;
      c.revision++;
      const idOf = uuidFrom(random);
      // Exactly ChainedEventStore.chain: previousHash in the metadata, hash over the rest.
      const metadata = { ...base, previousHash: c.previousHash };
      const hash = eventHash({
        streamName: c.stream,
        streamRevision: c.revision,
        id: idOf,
        type,
        data,
        metadata,
      });
      c.previousHash = hash;
      pending.push({
        stream: c.stream,
        event: { id: idOf, type, data, metadata: { ...metadata, hash } },
        expected,
      });
      byType[type] = (byType[type] ?? 0) + 1;
      if (c !== organisations && c !== statusRules) streamLengths.set(c.stream, c.revision + 1);
      if (!first) first = recordedAt;
      last = recordedAt;
      if (pending.length >= transactionSize) await flush();
    }
  }
  if (pending.length > 0) await flush();
  const lengths = [...streamLengths.values()].sort((a, b) => a - b);
  return {
    events: written,
    commitments: streamLengths.size,
    streams:
      streamLengths.size +
      (organisations.revision >= 0 ? 1 : 0) +
      (statusRules.revision >= 0 ? 1 : 0),
    byType,
    firstRecordedAt: first,
    lastRecordedAt: last,
    maxStreamLength: lengths[lengths.length - 1] ?? 0,
    medianStreamLength: lengths[Math.floor(lengths.length / 2)] ?? 0,
    writeMs: performance.now() - started,
  };
};
