import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addDays,
  daysBetween,
  frenchDate,
  isCalendarDate,
  parisDateOf,
  PARIS,
} from './calendar-date';

const luxonParisDate = (instant: string) =>
  DateTime.fromISO(instant, { zone: 'utc' }).setZone(PARIS).toISODate();

describe('calendar dates', () => {
  it('reads the Paris day of instants around midnight and daylight-saving changes, in any order', () => {
    const edges = [
      '2021-03-27T22:59:59.999Z', // 23:59:59.999 in Paris, winter time
      '2021-03-27T23:00:00.000Z', // 28 March 00:00, the day that lasts 23 hours
      '2021-03-28T21:59:59.999Z', // 28 March 23:59:59.999, summer time
      '2021-03-28T22:00:00.000Z', // 29 March
      '2021-10-30T21:59:59.999Z',
      '2021-10-30T22:00:00.000Z', // 31 October, the day that lasts 25 hours
      '2021-10-31T22:59:59.999Z',
      '2021-10-31T23:00:00.000Z', // 1 November
      '2021-03-31T21:59:59.999Z', // end of the email deadline's day
      '2021-03-31T22:00:00+00:00', // the same instant as the next one, with an offset
      '2021-04-01T00:00:00.000+02:00',
    ];
    for (const instant of [...edges, ...edges.reverse()])
      expect(parisDateOf(instant)).toBe(luxonParisDate(instant));
    fc.assert(
      fc.property(
        fc.array(
          fc.date({
            min: new Date('1990-01-01T00:00:00Z'),
            max: new Date('2060-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.integer({ min: -2, max: 2 }),
        (dates, hours) => {
          for (const d of dates) {
            // Pairs of near instants, so that the cached day is asked about at its edges.
            const near = new Date(d.getTime() + hours * 3_600_000).toISOString();
            expect(parisDateOf(d.toISOString())).toBe(luxonParisDate(d.toISOString()));
            expect(parisDateOf(near)).toBe(luxonParisDate(near));
          }
        },
      ),
    );
  });

  it('counts and adds whole days in integer arithmetic, leap years included', () => {
    expect(daysBetween('2020-02-28', '2020-03-01')).toBe(2);
    expect(daysBetween('2021-02-28', '2021-03-01')).toBe(1);
    expect(daysBetween('2021-03-31', '2021-03-28')).toBe(-3);
    expect(addDays('2020-12-31', 1)).toBe('2021-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
  });

  it('accepts real calendar dates only', () => {
    for (const good of ['2021-03-31', '2024-02-29', '2000-02-29'])
      expect(isCalendarDate(good)).toBe(true);
    for (const bad of ['2021-02-30', '2021-02-29', '1900-02-29', '2021-13-01', '2021-3-31', 42])
      expect(isCalendarDate(bad)).toBe(false);
  });
});

describe('frenchDate', () => {
  /** The plain reading, kept as the reference of the fast one. */
  const plain = (date: string) => {
    const [y, m, d] = date.split('-');
    return `${d}/${m}/${y}`;
  };
  it('writes any text as splitting it on dashes does', () => {
    const shaped = fc
      .tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 2 }), fc.string({ maxLength: 3 }))
      .map(([y, m, d]) => `${y}-${m}-${d}`);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), shaped), (text) =>
        expect(frenchDate(text)).toBe(plain(text)),
      ),
      { numRuns: 500 },
    );
    for (const date of ['2021-03-31', '0001-01-01', '2021-3-31', '20210331', '2021-03-3-', ''])
      expect(frenchDate(date)).toBe(plain(date));
  });
});
