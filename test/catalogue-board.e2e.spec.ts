import { join } from 'node:path';
import { configuredRules } from '@cosinum/application';
import { loadCatalogueFile } from '@cosinum/catalogue';
import { DEFAULT_RULES } from '@cosinum/domain';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The board a newcomer gets: the real catalogue loaded by the server itself on an empty SQLite
 * store (LOAD_CATALOGUE=if-empty), read over HTTP as known today, under the rules the server is
 * configured with. Silence must not drown the real problems: at most a fifth of the at-risk
 * items may be at risk for staleness alone, and each of those must be truly past its own
 * cadence plus delay. A projection is never a measured value.
 */

const CATALOGUE = join(__dirname, '..', 'data', 'catalogue', 'cosinum.catalogue.yaml');

interface BoardItem {
  externalId: string;
  ministry: string;
  state: string;
  latestValue: number | null;
  latestOn: string | null;
  reporting: { every: string; delayDays?: number };
  upToDate: boolean;
  nextReportDue?: string;
  reasons: { code: string; message: string }[];
}

interface Board {
  asOf: string;
  knownAt: string;
  counts: Record<string, number>;
  items: BoardItem[];
}

/** The reasons that put an item at risk; the others only say where it stands. */
const RISKS = [
  'DEADLINE_CLOSE',
  'TRAJECTORY_LATE',
  'TRAJECTORY_STALLED',
  'MILESTONE_MISSED',
  'STALE',
];

const risksOf = (i: BoardItem): string[] =>
  i.reasons.map((r) => r.code).filter((code) => RISKS.includes(code));

const staleAlone = (i: BoardItem): boolean =>
  i.state === 'at_risk' && risksOf(i).length === 1 && risksOf(i)[0] === 'STALE';

describe('the real catalogue on a fresh start: a board that tells silence from failure', () => {
  let t: TestApp;
  const boards = new Map<string, Board>();
  const entries = loadCatalogueFile(CATALOGUE).entries;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-23T09:00:00Z', env: { LOAD_CATALOGUE: 'if-empty' } });
    for (const asOf of ['2020-10-01', '2021-04-01']) {
      const response = await t.request('GET', `/api/status?asOf=${asOf}`);
      expect(response.status).toBe(200);
      boards.set(asOf, response.body as Board);
    }
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('is judged under the default rules: the server is configured with nothing else', () => {
    expect(configuredRules(t.config)).toEqual(DEFAULT_RULES);
  });

  it('no catalogue value is a projection: projections are milestones', () => {
    for (const entry of entries)
      for (const p of entry.progress) expect(p.note ?? '').not.toMatch(/projection/i);
    const projections = entries.flatMap((e) =>
      e.milestones.filter((m) => /Projection fin 2020/.test(m.label ?? '')),
    );
    expect(projections.length).toBeGreaterThan(20);
    for (const m of projections) expect(m.on).toBe('2020-12-31');
  });

  describe.each(['2020-10-01', '2021-04-01'])('the board of %s, known now', (asOf) => {
    const board = () => boards.get(asOf) as Board;

    it('has at most a fifth of its at-risk items at risk for staleness alone', () => {
      const { counts, items } = board();
      const atRisk = items.filter((i) => i.state === 'at_risk');
      const alone = atRisk.filter(staleAlone);
      const share = atRisk.length === 0 ? 0 : alone.length / atRisk.length;
      // The measure, for whoever reads the run.
      process.stdout.write(
        `board of ${asOf}: ${JSON.stringify(counts)}; at risk for staleness alone: ` +
          `${alone.length} of ${atRisk.length} (${(100 * share).toFixed(1)} %)\n`,
      );
      expect(counts.at_risk).toBe(atRisk.length);
      // Every at-risk item names at least one risk.
      for (const item of atRisk) expect(risksOf(item)).not.toEqual([]);
      expect(share).toBeLessThanOrEqual(0.2);
    });

    it('flags as stale only items truly past their own cadence plus delay', () => {
      for (const item of board().items.filter((i) => i.reasons.some((r) => r.code === 'STALE'))) {
        expect(item.reporting.every).not.toBe('none');
        expect(item.upToDate).toBe(false);
        expect(item.nextReportDue).toBeDefined();
        expect(item.nextReportDue! < asOf).toBe(true);
      }
      // And the other way round: an item whose expected value is not yet due is never stale.
      for (const item of board().items.filter((i) => i.upToDate))
        expect(item.reasons.map((r) => r.code)).not.toContain('STALE');
    });

    it('never shows an item met on the strength of a projection', () => {
      for (const item of board().items) {
        if (item.state !== 'met') continue;
        const entry = entries.find((e) => e.externalId === item.externalId);
        const report = entry?.progress.find(
          (p) => p.ministry === item.ministry && p.on === item.latestOn,
        );
        // On a fresh start every value is the catalogue's own.
        expect(report).toBeDefined();
        expect(report?.note ?? '').not.toMatch(/projection/i);
      }
      const decloisonnement = board().items.find(
        (i) => i.externalId === 'techgouv-kpi-data-succes-decloisonnement',
      );
      expect(decloisonnement?.state).not.toBe('met');
      expect(decloisonnement?.latestValue).toBeNull();
    });
  });
});
