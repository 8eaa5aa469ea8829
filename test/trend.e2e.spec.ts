import { KEYS, as, emailCommitment, startTestApp, type TestApp } from './support/test-app';

/**
 * A ministry's trend is the real history: each week as it was known at the end of that week. A
 * value recorded late shows from the week it was recorded, never back in the week it refers to.
 */
describe('a ministry’s trend, week after week, as known each week', () => {
  let t: TestApp;
  const weekOf = (weeks: { monday: string }[], monday: string) =>
    weeks.find((w) => w.monday === monday) as unknown as {
      counts: Record<string, number>;
      noReport: number;
      meanProgressRate: number | null;
      medianProgressRate: number | null;
      gapToMedian: number | null;
    };

  beforeAll(async () => {
    t = await startTestApp({ now: '2021-03-01T10:00:00Z' });
    // Baseline 70 %, target 100 %: 85 % is half-way (50), 94 % is 80.
    const id = (await t.request('POST', '/api/commitments', emailCommitment())).body.id;
    t.clock.set('2021-03-08T10:00:00Z');
    await t.request(
      'POST',
      `/api/commitments/${id}/progress`,
      { ministry: 'MI', value: 85, on: '2021-03-02' },
      as(KEYS.MI),
    );
    // MJ's value of 1 March is only recorded on 20 March.
    t.clock.set('2021-03-20T10:00:00Z');
    await t.request(
      'POST',
      `/api/commitments/${id}/progress`,
      { ministry: 'MJ', value: 94, on: '2021-03-01' },
      as(KEYS.MJ),
    );
  });
  afterAll(async () => t?.dispose());

  it('shows a late value from the week it was recorded, not the week it refers to', async () => {
    const trend = await t.request('GET', '/api/ministries/MJ/trend?weeks=4');
    expect(trend.status).toBe(200);
    expect(trend.body.weeks.map((w: { isoWeek: string }) => w.isoWeek)).toEqual([
      '2021-W08',
      '2021-W09',
      '2021-W10',
      '2021-W11',
    ]);
    const weeks = trend.body.weeks;
    // Before the decision was recorded (1 March), nothing.
    expect(weeks[0].counts.overdue + weeks[0].counts.on_track + weeks[0].counts.at_risk).toBe(0);
    // Weeks of 1 and 8 March: as known then, MJ had declared nothing.
    for (const monday of ['2021-03-01', '2021-03-08'])
      expect(weekOf(weeks, monday)).toMatchObject({ noReport: 1, meanProgressRate: null });
    // Week of 15 March: the value recorded on the 20th.
    expect(weekOf(weeks, '2021-03-15')).toMatchObject({
      noReport: 0,
      meanProgressRate: 80,
      medianProgressRate: 65,
      gapToMedian: 15,
    });
    // Today's view of the week of 1 March would show it: the trend does not.
    const today = await t.request('GET', '/api/status?ministry=MJ&asOf=2021-03-07');
    expect(today.body.items[0].latestValue).toBe(94);
  });

  it('compares each ministry with the median, and flags a gap of 10 points or more', async () => {
    const mi = await t.request('GET', '/api/ministries/MI/trend?weeks=2', undefined, as(KEYS.MI));
    expect(
      mi.body.weeks.map((w: { meanProgressRate: number | null }) => w.meanProgressRate),
    ).toEqual([50, 50]);
    expect(mi.body.weeks[1]).toMatchObject({ medianProgressRate: 65, gapToMedian: -15 });
    const page = await t.request('GET', '/tableau-de-bord/ministeres/MI/tendances?semaines=13');
    expect(page.status).toBe(200);
    const text = page.text.replace(/[\t\n\r ]+/g, ' ');
    expect(text).toContain('Écart à la médiane');
    expect(text).toContain('est à 15&#8239;points sous la médiane des ministères');
    expect(text).toContain('<th scope="row">15/03/2021</th>');
    expect(text).toContain('−15\u00a0points'.replace('−', '-'));
    expect(text).toMatch(/<svg viewBox="0 0 720 240" role="img"/);
  });

  it('keeps a ministry to its own trend, and refuses a bad number of weeks', async () => {
    expect(
      (await t.request('GET', '/api/ministries/MI/trend', undefined, as(KEYS.MJ))).status,
    ).toBe(403);
    const bad = await t.request('GET', '/api/ministries/MI/trend?weeks=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('weeks');
    expect((await t.request('GET', '/api/ministries/XYZ/trend')).status).toBe(404);
  });

  it('follows a commitment’s share of ministries met, week after week, for analysts and auditors', async () => {
    const list = await t.request('GET', '/api/commitments');
    const id = list.body.items[0].id;
    const trend = await t.request('GET', `/api/commitments/${id}/trend?weeks=3`);
    expect(trend.status).toBe(200);
    expect(trend.body.weeks.map((w: { heldTo: number; met: number }) => [w.heldTo, w.met])).toEqual(
      [
        [17, 0],
        [17, 0],
        [17, 0],
      ],
    );
    // Mean rate as known each week: nothing, then MI's 50, then MI's 50 and MJ's 80.
    expect(
      trend.body.weeks.map((w: { meanProgressRate: number | null }) => w.meanProgressRate),
    ).toEqual([null, 50, 65]);
    expect(
      (await t.request('GET', `/api/commitments/${id}/trend`, undefined, as(KEYS.MI))).status,
    ).toBe(403);
    const page = await t.request('GET', `/tableau-de-bord/engagements/${id}/tendance?semaines=13`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('0 sur 17');
    const commitmentPage = await t.request('GET', `/tableau-de-bord/engagements/${id}`);
    expect(commitmentPage.text).toContain(`/tableau-de-bord/engagements/${id}/tendance`);
  });
});
