import type { Moment } from '@cosinum/domain';
import { visibleFacts, type HistoryEntry } from './commitment-facts';

const report = (recordedAt: string, value: number): HistoryEntry => ({
  type: 'ProgressReported',
  data: { ministry: 'MIN-INT', value, on: '2021-03-15' },
  recordedAt,
  on: '2021-03-15',
});

const values = (entries: HistoryEntry[], moment: Moment) =>
  visibleFacts(entries, moment).reports.map((r) => r.value);

describe('visibleFacts', () => {
  // 2021-04-01T00:00:00.000+02:00 is 2021-03-31T22:00:00Z: the text sorts after later instants.
  const knownAt = '2021-04-01T00:00:00.000+02:00';
  const moment: Moment = { asOf: '2021-06-30T12:00:00Z', knownAt };

  it('compares recordedAt with knownAt as instants, not as text', () => {
    expect(
      values(
        [
          report('2021-03-31T21:59:59Z', 1), // before: visible
          report('2021-03-31T22:00:00Z', 2), // the same instant: visible
          report('2021-03-31T23:00:00Z', 3), // one hour after, though "2021-03-31…" < "2021-04-01…"
        ],
        moment,
      ),
    ).toEqual([1, 2]);
  });

  it('counts an instant written with an offset or milliseconds as the instant it is', () => {
    const at = '2021-03-31T23:30:00Z';
    expect(
      values(
        [
          report('2021-04-01T01:00:00.000+02:00', 1), // 23:00Z, before knownAt, though the text sorts after
          report('2021-03-31T23:30:00.000Z', 2), // the same instant as knownAt, with milliseconds
        ],
        { asOf: moment.asOf, knownAt: at },
      ),
    ).toEqual([1, 2]);
    expect(
      values([report('2021-03-31T23:30:00Z', 3)], {
        asOf: moment.asOf,
        knownAt: '2021-03-31T23:30:00.000Z',
      }),
    ).toEqual([3]);
  });

  it('keeps the facts dated after asOf out, whenever they were recorded', () => {
    expect(
      values([report('2021-03-01T00:00:00Z', 1)], { asOf: '2021-03-14T12:00:00Z', knownAt }),
    ).toEqual([]);
  });
});
