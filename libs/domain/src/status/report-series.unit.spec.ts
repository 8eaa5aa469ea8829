import fc from 'fast-check';
import { dateOfDay, dayOf, instantOfMs, msOf } from '../calendar';
import { packedColumns, ReportSeries, type Report } from './report-series';

const report = (i: number, extra: Partial<Report> = {}): Report => ({
  value: i * 1.5,
  on: dateOfDay(18_000 + i),
  recordedAt: new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString(),
  seq: i + 1,
  ...extra,
});

describe('ReportSeries', () => {
  it('gives back every report exactly as it was pushed, past several growths', () => {
    const reports = Array.from({ length: 100 }, (_, i) => report(i));
    const series = ReportSeries.of(reports);
    expect(series.length).toBe(100);
    expect(series.toArray()).toEqual(reports);
    expect(series.latest()).toEqual(reports[99]);
    expect(JSON.parse(JSON.stringify({ reports: series }))).toEqual({ reports });
  });

  it('keeps notes, unknown recording times and non-canonical texts as they were', () => {
    const odd: Report[] = [
      report(0, { note: 'Relevé de mars ; source : enquête' }),
      report(1, { recordedAt: null }),
      report(2, { recordedAt: '2021-02-01T10:00:00Z' }),
      report(3, { recordedAt: '2021-02-01T11:00:00.000+01:00' }),
      report(4, { on: '2021-02-30' }),
    ];
    const series = ReportSeries.of(odd);
    expect(series.toArray()).toEqual(odd);
    expect(series.at(1).recordedAt).toBeNull();
    expect(Number.isNaN(series.recordedAt(1))).toBe(true);
    expect(series.recordedAt(2)).toBe(Date.parse('2021-02-01T10:00:00Z'));
    expect(series.recordedAt(3)).toBe(Date.parse('2021-02-01T10:00:00.000Z'));
    expect(series.dayAt(4)).toBeGreaterThan(series.dayAt(3) + 1_000_000);
  });

  it('append leaves the series it was called on unchanged, and pushes never leak into a snapshot', () => {
    const base = ReportSeries.of([report(0), report(1)]);
    const a = base.append(report(2));
    const b = base.append(report(3, { value: -7, note: 'branche' })); // a branch: must copy
    expect(base.toArray()).toEqual([report(0), report(1)]);
    expect(a.toArray()).toEqual([report(0), report(1), report(2)]);
    expect(b.toArray()).toEqual([report(0), report(1), report(3, { value: -7, note: 'branche' })]);

    const frozen = a.snapshot();
    for (let i = 4; i < 40; i++) a.push(report(i));
    expect(frozen.length).toBe(3);
    expect(frozen.toArray()).toEqual([report(0), report(1), report(2)]);
    expect(a.length).toBe(39);
    // The snapshot can grow on its own without touching the series it came from.
    const grown = frozen.append(report(99));
    expect(grown.at(3)).toEqual(report(99));
    expect(a.at(3)).toEqual(report(4));
  });

  it('compacts into a region of its own size, leaving snapshots and later pushes intact', () => {
    const reports = Array.from({ length: 70 }, (_, i) => report(i, { note: 'Relevé consolidé' }));
    const series = ReportSeries.of(reports);
    const frozen = series.snapshot();
    series.compact();
    expect(series.toArray()).toEqual(reports);
    series.push(report(70));
    expect(series.length).toBe(71);
    expect(series.at(70)).toEqual(report(70));
    expect(frozen.toArray()).toEqual(reports);
    expect(frozen.append(report(99)).at(70)).toEqual(report(99));
    expect(series.at(70)).toEqual(report(70));
  });

  it('reads the same day numbers and instants as Date does', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2199-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString();
          const day = Math.floor(date.getTime() / 86_400_000);
          expect(dayOf(iso.slice(0, 10))).toBe(day);
          expect(dateOfDay(day)).toBe(iso.slice(0, 10));
          expect(msOf(iso)).toBe(date.getTime());
          expect(instantOfMs(date.getTime())).toBe(iso);
        },
      ),
    );
    for (const bad of ['2021-02-29', '2021-13-01', '2021-00-10', '2021-1-01', '20210101', ''])
      expect(dayOf(bad)).toBeNaN();
    expect(dayOf('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
  });

  it('agrees with a plain array under any mix of appends, pushes and snapshots', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ op: fc.constantFrom('append', 'push', 'snapshot'), from: fc.nat(20) }),
          { maxLength: 60 },
        ),
        (ops) => {
          const versions: { series: ReportSeries; model: Report[] }[] = [
            { series: ReportSeries.empty(), model: [] },
          ];
          ops.forEach(({ op, from }, k) => {
            const v = versions[from % versions.length];
            const r = report(k, k % 3 === 0 ? { note: `n${k}` } : {});
            if (op === 'append')
              versions.push({ series: v.series.append(r), model: [...v.model, r] });
            else if (op === 'push') {
              v.series.push(r);
              v.model.push(r);
            } else versions.push({ series: v.series.snapshot(), model: [...v.model] });
          });
          for (const v of versions) expect(v.series.toArray()).toEqual(v.model);
        },
      ),
    );
  });

  it('packs into shared columns for a snapshot and comes back the same, sparse columns included', () => {
    const a = ReportSeries.of([
      report(0, { note: 'Relevé de mars' }),
      report(1, { recordedAt: null }),
      report(2, { recordedAt: '2021-02-01T11:00:00.000+01:00' }),
      report(3, { on: '2021-02-30' }),
    ]);
    const b = ReportSeries.of(
      Array.from({ length: 70 }, (_, i) => report(i, { note: `n${i % 3}` })),
    );
    const empty = ReportSeries.empty();
    const columns = packedColumns(a.length + b.length);
    const sparseA = a.copyColumns(columns, 0);
    const sparseB = b.copyColumns(columns, a.length);
    const sparseEmpty = empty.copyColumns(columns, a.length + b.length);
    const a2 = ReportSeries.fromColumns(columns, 0, a.length, sparseA);
    const b2 = ReportSeries.fromColumns(columns, a.length, b.length, sparseB);
    const empty2 = ReportSeries.fromColumns(columns, a.length + b.length, 0, sparseEmpty);
    expect(a2.toArray()).toEqual(a.toArray());
    expect(b2.toArray()).toEqual(b.toArray());
    expect(empty2.length).toBe(0);
    // A restored series grows like any other, and its columns are its own.
    b2.push(report(99));
    columns.value.fill(-1);
    expect(b2.toArray()).toEqual([...b.toArray(), report(99)]);
    expect(a2.toArray()).toEqual(a.toArray());
    expect(() => ReportSeries.fromColumns(columns, 70, 10, sparseA)).toThrow(RangeError);
    expect(() => ReportSeries.fromColumns(columns, -1, 1, sparseA)).toThrow(RangeError);
  });
});
