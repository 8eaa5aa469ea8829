import {
  organisation,
  organisationOn,
  type Moment,
  type Organisation,
  type OrganisationChart,
} from '@cosinum/domain';

/**
 * An organisation as the ministry board names it (code, name, shortName, kind): the name it had
 * on the day of `moment.asOf` when the chart knows it, else its latest recorded name (a day
 * before it existed or after it ended), else the static list's entry; null when nobody knows it.
 */
export const organisationNamed = (
  chart: OrganisationChart,
  code: string,
  moment: Moment,
): Organisation | null => {
  const history = chart.get(code);
  if (history) {
    const on = organisationOn(chart, code, moment);
    const last = history.names[history.names.length - 1];
    const { name, shortName } = on ?? last;
    return { code, name, shortName, kind: history.kind };
  }
  const found = organisation(code);
  return found ? { code, name: found.name, shortName: found.shortName, kind: found.kind } : null;
};
