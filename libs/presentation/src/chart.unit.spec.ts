import { chartDescription, chartGeometry, niceStep, type ChartInput } from './chart';

const email: ChartInput = {
  kind: 'percentage',
  points: [
    { on: '2020-11-01', value: 70 },
    { on: '2021-02-01', value: 85 },
  ],
  target: 100,
  start: '2020-12-03',
  asOf: '2021-03-01',
  originalDeadline: '2021-03-31',
  deadline: '2021-06-30',
  extensions: [{ deadline: '2021-06-30' }],
  forecast: { reachOn: '2021-05-01', ratePerMonth: 4.9 },
};

describe('chart geometry', () => {
  const g = chartGeometry(email);

  it('starts the time axis at the earliest of the decision and the values, and ends after the deadline', () => {
    expect(g.domain.from).toBe('2020-11-01');
    expect(g.domain.to > '2021-06-30').toBe(true);
    expect(g.points[0].x).toBe(g.plot.left);
    expect(g.domain).toMatchObject({ min: 0, max: 100 });
  });

  it('places values on a linear scale, higher values higher up', () => {
    const [a, b] = g.points;
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeLessThan(a.y);
    // 70 % is 70 % of the way from the bottom to the top.
    expect(a.y).toBeCloseTo(g.plot.bottom - 0.7 * (g.plot.bottom - g.plot.top), 0);
  });

  it('draws the target from the start of the axis up to the current deadline', () => {
    const deadline = g.markers.find((m) => m.kind === 'current');
    expect(g.target.x1).toBe(g.plot.left);
    expect(g.target.x2).toBe(deadline?.x);
    expect(g.target.y1).toBe(g.plot.top);
    expect(g.target.y2).toBe(g.plot.top);
  });

  it('draws the forecast from the last value to the target on reachOn', () => {
    const last = g.points[g.points.length - 1];
    expect(g.forecast).toMatchObject({ x1: last.x, y1: last.y, y2: g.plot.top });
    const original = g.markers.find((m) => m.kind === 'original')!;
    const current = g.markers.find((m) => m.kind === 'current')!;
    // 1 May lies between the original (31 March) and the current deadline (30 June).
    expect(g.forecast!.x2).toBeGreaterThan(original.x);
    expect(g.forecast!.x2).toBeLessThan(current.x);
  });

  it('marks the original and current deadlines, each extension and the date of the view', () => {
    expect(g.markers.map((m) => m.kind)).toEqual(['asOf', 'original', 'extension', 'current']);
    const xs = Object.fromEntries(g.markers.map((m) => [m.kind, m.x]));
    expect(xs.asOf).toBeLessThan(xs.original);
    expect(xs.original).toBeLessThan(xs.current);
    for (const m of g.markers) {
      expect(m.x).toBeGreaterThanOrEqual(g.plot.left);
      expect(m.x).toBeLessThanOrEqual(g.plot.right);
    }
  });

  it('cuts a far-away forecast at the end of the axis, on the same straight line', () => {
    const far = chartGeometry({ ...email, forecast: { reachOn: '2031-01-01', ratePerMonth: 0.1 } });
    expect(far.domain.to < '2023-01-01').toBe(true);
    expect(far.forecast!.x2).toBeLessThanOrEqual(far.plot.right);
    expect(far.forecast!.y2).toBeGreaterThan(far.plot.top); // the target is not reached on screen
    expect(far.forecast!.y2).toBeLessThan(far.forecast!.y1);
  });

  it('follows the trend to the end of the axis when the target is never reached', () => {
    const never = chartGeometry({ ...email, forecast: { reachOn: null, ratePerMonth: -2 } });
    expect(never.forecast!.x2).toBeCloseTo(never.plot.right, 0);
    expect(never.forecast!.y2).toBeGreaterThan(never.forecast!.y1); // going down
  });

  it('has no forecast line without a forecast, and keeps values within the frame', () => {
    const none = chartGeometry({
      ...email,
      forecast: undefined,
      points: [{ on: '2021-01-01', value: 140 }],
    });
    expect(none.forecast).toBeNull();
    expect(none.points[0].y).toBe(none.plot.top);
  });

  it('scales counts to a round maximum above the target and the values', () => {
    const count = chartGeometry({
      ...email,
      kind: 'count',
      target: 1200,
      points: [{ on: '2021-01-01', value: 300 }],
    });
    expect(count.domain.max).toBeGreaterThanOrEqual(1200);
    expect(count.yTicks.map((t) => t.label)[0]).toBe('0');
    expect(niceStep(100, 4)).toBe(25);
    expect(niceStep(1260, 4)).toBe(500);
  });

  it('writes the ticks of large counts compactly, so that they fit beside the plot', () => {
    const large = chartGeometry({
      ...email,
      kind: 'count',
      target: 100_000_000,
      points: [{ on: '2020-11-01', value: 78_000_000 }],
      forecast: undefined,
    });
    expect(large.yTicks.map((t) => t.label)).toContain('100\u00a0M');
    const small = chartGeometry({ ...email, kind: 'count', target: 12_000, forecast: undefined });
    expect(small.yTicks.map((t) => t.label)).toContain('10\u202f000');
  });

  it('labels booleans oui / non', () => {
    const done = chartGeometry({
      ...email,
      kind: 'boolean',
      target: 1,
      points: [],
      forecast: undefined,
    });
    expect(done.yTicks.map((t) => t.label)).toEqual(['non', 'oui']);
  });

  it('says in words what it draws', () => {
    const text = chartDescription({
      ...email,
      id: 'x',
      title: 'Trajectoire',
      metric: { kind: 'percentage' },
      points: [
        { on: '2020-11-01', value: 70, baseline: true },
        { on: '2021-02-01', value: 85 },
      ],
    });
    // U+202F before « % », « : » and « ; », as French typography puts it.
    expect(text).toContain(
      'Valeurs\u202f: 70\u202f% le 01/11/2020 (référence), 85\u202f% le 01/02/2021',
    );
    expect(text).toContain('Objectif\u202f: 100\u202f% à l’échéance du 30/06/2021');
    expect(text).toContain('Échéance initiale\u202f: 31/03/2021\u202f; reportée au 30/06/2021');
    expect(text).toContain(
      'au rythme de +4,9 points par mois, objectif atteint vers le 01/05/2021',
    );
    expect(text).not.toContain(' :');
    expect(text).not.toContain('pts');
  });

  it('says the rate of a slow trend with two significant digits, and its unit', () => {
    const describe = (
      metric: { kind: 'percentage' | 'count'; unit?: string },
      ratePerMonth: number,
    ) =>
      chartDescription({
        ...email,
        kind: metric.kind,
        id: 'x',
        title: 'Trajectoire',
        metric,
        points: [{ on: '2021-02-01', value: 85 }],
        forecast: { reachOn: null, ratePerMonth },
      });
    expect(describe({ kind: 'percentage' }, 0.004)).toContain('+0,004 point par mois');
    expect(describe({ kind: 'percentage' }, 1.5)).toContain('+1,5 point par mois');
    expect(describe({ kind: 'count', unit: 'applications' }, 12)).toContain(
      '+12 applications par mois',
    );
    expect(describe({ kind: 'count', unit: '(rang européen)' }, -0.5)).toContain('-0,5 par mois');
  });

  it('draws each milestone at its day and target, and says its state', () => {
    const withMilestones = {
      ...email,
      milestones: [
        { on: '2020-12-31', target: 75, state: 'met' as const, metOn: '2020-12-15' },
        { on: '2021-05-31', target: 90, label: 'étape 2', state: 'upcoming' as const },
      ],
    };
    const geometry = chartGeometry(withMilestones);
    expect(geometry.milestones).toHaveLength(2);
    expect(geometry.milestones[1].x).toBeGreaterThan(geometry.milestones[0].x);
    // Higher targets are drawn higher (SVG's y grows downwards).
    expect(geometry.milestones[1].y).toBeLessThan(geometry.milestones[0].y);
    expect(geometry.milestones.map((m) => m.state)).toEqual(['met', 'upcoming']);
    const text = chartDescription({
      ...withMilestones,
      id: 'x',
      title: 'Trajectoire',
      metric: { kind: 'percentage' },
      points: [{ on: '2021-02-01', value: 85 }],
    });
    expect(text).toContain(
      'Jalons\u202f: 31/12/2020\u202f: 75\u202f%, atteint le 15/12/2020\u202f; ' +
        '31/05/2021 («\u202fétape 2\u202f»)\u202f: 90\u202f%, à venir.',
    );
  });
});
