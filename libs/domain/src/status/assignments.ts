import {
  organisationOn,
  takenOverBy,
  type OrganisationChart,
} from '../organisations/organisation-chart';
import type { CommitmentHistory } from './commitment-history';
import type { Assignment } from './evaluate-status';
import type { Moment } from './status.types';

/** One item of a commitment's board: whose facts (`track`), shown for which ministry. */
export interface AssignedItem {
  /** The organisation whose facts are read (the decision's assignee, or a predecessor). */
  readonly track: string;
  /** The ministry the item is shown for. */
  readonly code: string;
  readonly assignment?: Assignment;
}

/**
 * What a board asks the chart for every commitment, computed once per chart and moment (a board
 * evaluates every commitment at the same moment, on the same chart): the ministries, and which
 * organisations exist on the day. The chart is immutable (evolveChart returns a new one).
 */
let lastChart: OrganisationChart | undefined;
let lastChartSize = -1;
let lastAsOf = '';
let lastKnownAt = '';
let chartMinistries: readonly string[] = [];
let existing = new Map<string, boolean>();

const onChart = (chart: OrganisationChart, moment: Moment) => {
  if (chart !== lastChart || chart.size !== lastChartSize) {
    chartMinistries = [...chart.values()].filter((o) => o.kind === 'ministry').map((o) => o.code);
    existing = new Map();
    lastChart = chart;
    lastChartSize = chart.size;
  } else if (moment.asOf !== lastAsOf || moment.knownAt !== lastKnownAt) existing = new Map();
  lastAsOf = moment.asOf;
  lastKnownAt = moment.knownAt;
  return { ministries: chartMinistries, existing };
};

const existsOn = (
  chart: OrganisationChart,
  code: string,
  moment: Moment,
  known: Map<string, boolean>,
): boolean => {
  let exists = known.get(code);
  if (exists === undefined) {
    exists = organisationOn(chart, code, moment) !== null;
    known.set(code, exists);
  }
  return exists;
};

/**
 * Who holds a commitment on the day of `moment.asOf`, as the organisation chart stood then (as
 * known at `knownAt`):
 * - "every ministry" means every ministry existing on that day, not only those of the decision
 *   (a ministry created since is held to it, with no facts yet);
 * - an organisation is held to nothing before it existed, nor to a commitment whose deadline
 *   came before it was created (it is not late on what was due before it existed);
 * - once an organisation is merged or split, its open items pass to its successor(s), with their
 *   history, deadlines and extensions, unless the successor holds the commitment itself.
 * An empty chart (no lineage recorded) keeps the decision's list as it is; codes the chart does
 * not know are kept as they are too.
 */
export const assignedItems = (
  state: CommitmentHistory,
  chart: OrganisationChart,
  moment: Moment,
): AssignedItem[] => {
  const decided = Object.keys(state.ministries);
  if (chart.size === 0) return decided.map((code) => ({ track: code, code }));
  const { definition } = state;
  const { ministries, existing: known } = onChart(chart, moment);
  const candidates = definition.allMinistries
    ? [...decided, ...ministries.filter((code) => !state.ministries[code])]
    : decided;
  const shown = new Set<string>();
  const items: AssignedItem[] = [];
  const pending: AssignedItem[] = [];
  for (const code of candidates) {
    const o = chart.get(code);
    if (!o) {
      // Outside the chart: the decision's word stands.
      items.push({ track: code, code });
      shown.add(code);
      continue;
    }
    if (o.created.on > definition.deadline) continue;
    if (existsOn(chart, code, moment, known)) {
      items.push(
        state.ministries[code]
          ? { track: code, code }
          : { track: code, code, assignment: { unassigned: true } },
      );
      shown.add(code);
      continue;
    }
    if (!state.ministries[code]) continue;
    for (const s of takenOverBy(chart, code, definition.commitmentId, moment)) {
      const predecessor = chart.get(code);
      const names = predecessor?.names ?? [];
      const fromOf = names.length > 0 ? names[names.length - 1].of : `de ${code}`;
      pending.push({
        track: code,
        code: s.code,
        assignment: { takenOver: { by: s.code, from: code, fromOf, on: s.on } },
      });
    }
  }
  for (const p of pending)
    if (!shown.has(p.code)) {
      items.push(p);
      shown.add(p.code);
    }
  return items;
};
