import fc from 'fast-check';
import { dateOfDay, instantOfMs } from '../calendar/day-numbers';
import { visibleRows, visibleRowsByScan } from './evaluate-status';
import { ReportSeries, type Report } from './report-series';

/**
 * The board finds a series' visible rows by binary search when its recording instants and days
 * are in order: always the rows the scan finds, in the same order, whatever the series (in
 * order, back-dated, recorded at unknown times) and the moment (NaN limits included), and as
 * the series grows between two readings.
 */
const DAY0 = 18_000;
const MS0 = DAY0 * 86_400_000;

const reportsArb = (ordered: boolean) =>
  fc
    .array(
      fc.record({
        day: fc.integer({ min: 0, max: 60 }),
        recorded: fc.option(fc.integer({ min: 0, max: 90 * 86_400_000 }), { freq: 8 }),
        value: fc.integer({ min: 0, max: 100 }),
      }),
      { maxLength: 40 },
    )
    .map((rows) => {
      const sorted = ordered
        ? [...rows.map((r) => ({ ...r, recorded: r.recorded ?? 0 }))].sort((a, b) => a.day - b.day)
        : rows;
      let recorded = 0;
      return sorted.map((r, seq): Report => ({
        value: r.value,
        on: dateOfDay(DAY0 + r.day),
        recordedAt:
          r.recorded === null
            ? null
            : instantOfMs(MS0 + (ordered ? (recorded += r.recorded % 86_400_000) : r.recorded)),
        seq,
      }));
    });

const limitsArb = fc.record({
  asOfDay: fc.oneof(fc.integer({ min: DAY0 - 2, max: DAY0 + 62 }), fc.constant(NaN)),
  knownAtMs: fc.oneof(
    fc.integer({ min: MS0 - 1, max: MS0 + 91 * 86_400_000 }),
    fc.constant(NaN),
    fc.constant(Infinity),
  ),
});

const same = (series: ReportSeries, asOfDay: number, knownAtMs: number) => {
  const fast = Array.from(visibleRows(series, asOfDay, knownAtMs));
  const scan = Array.from(visibleRowsByScan(series, asOfDay, knownAtMs));
  expect(fast).toEqual(scan);
};

describe('visible rows of a report series', () => {
  it('are the rows the scan finds, for series in order or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(reportsArb(true), reportsArb(false)),
        fc.array(limitsArb, { minLength: 1, maxLength: 5 }),
        (reports, moments) => {
          const series = ReportSeries.of(reports);
          for (const { asOfDay, knownAtMs } of moments) same(series, asOfDay, knownAtMs);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stay those of the scan as the series grows between readings', () => {
    fc.assert(
      fc.property(reportsArb(true), reportsArb(false), limitsArb, (first, more, limits) => {
        const series = ReportSeries.empty();
        for (const r of first) {
          series.push(r);
          same(series, limits.asOfDay, limits.knownAtMs);
        }
        for (const r of more) {
          series.push({ ...r, seq: series.length });
          same(series, limits.asOfDay, limits.knownAtMs);
        }
      }),
      { numRuns: 200 },
    );
  });
});
