import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalogue } from './parse-catalogue';

/**
 * docs/catalogue-coverage.md is the checklist of the sources' dated or measurable commitments,
 * each row naming the catalogue entry (or the milestone of an entry) that tracks it. The
 * checklist and the catalogue must agree: nothing cited that does not exist, nothing in the
 * catalogue that no source row accounts for, and at least 95 % of the rows covered.
 */

const ROOT = join(__dirname, '..', '..', '..');
const { entries } = parseCatalogue(
  readFileSync(join(ROOT, 'data/catalogue/cosinum.catalogue.yaml')),
);
const checklist = readFileSync(join(ROOT, 'docs/catalogue-coverage.md'), 'utf8');

interface Row {
  readonly number: string;
  readonly source: string;
  readonly quote: string;
  readonly externalId?: string;
  readonly milestone?: string;
}

const rows: Row[] = checklist
  .split('\n')
  .filter((line) => /^\| C\d{3} \|/.test(line))
  .map((line) => {
    const [number, source, quote, where] = line
      .slice(2, -2)
      .split(/ (?<!\\)\| /)
      .map((cell) => cell.trim());
    const cited = /^`([^`]+)`(?: @ (\d{4}-\d{2}-\d{2}))?$/.exec(where);
    return {
      number,
      source,
      quote,
      ...(cited && { externalId: cited[1] }),
      ...(cited?.[2] && { milestone: cited[2] }),
    };
  });

describe('the catalogue coverage checklist (docs/catalogue-coverage.md)', () => {
  it('lists the rows of all five sources, numbered in order', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.map((r) => r.number)).toEqual(
      rows.map((_, i) => `C${String(i + 1).padStart(3, '0')}`),
    );
    expect(new Set(rows.map((r) => r.source))).toEqual(
      new Set(['000', '001', '002', '003', '004']),
    );
    for (const row of rows) expect(row.quote.length).toBeGreaterThan(3);
  });

  it('cites only entries and milestones that exist in the catalogue', () => {
    const byId = new Map(entries.map((e) => [e.externalId, e]));
    const missing = rows.flatMap((row) => {
      if (!row.externalId) return [];
      const entry = byId.get(row.externalId);
      if (!entry) return [`${row.number}: no entry ${row.externalId}`];
      if (row.milestone && !entry.milestones.some((m) => m.on === row.milestone))
        return [`${row.number}: no milestone on ${row.milestone} in ${row.externalId}`];
      return [];
    });
    expect(missing).toEqual([]);
  });

  it('accounts for every catalogue entry and every milestone', () => {
    const cited = new Set(rows.map((r) => r.externalId));
    expect(entries.filter((e) => !cited.has(e.externalId)).map((e) => e.externalId)).toEqual([]);
    const citedMilestones = new Set(rows.map((r) => `${r.externalId} @ ${r.milestone}`));
    const uncited = entries.flatMap((e) =>
      e.milestones.map((m) => `${e.externalId} @ ${m.on}`).filter((m) => !citedMilestones.has(m)),
    );
    expect(uncited).toEqual([]);
  });

  it('covers at least 95 % of the rows, and states the figure it measures', () => {
    const covered = rows.filter((r) => r.externalId).length;
    expect(covered / rows.length).toBeGreaterThanOrEqual(0.95);
    const percent = ((100 * covered) / rows.length).toFixed(1);
    expect(checklist).toContain(`**Coverage: ${covered} of ${rows.length} rows (${percent} %).**`);
  });

  it('gives a reason for every row left out', () => {
    const left = checklist
      .split('\n')
      .filter((line) => /^\| C\d{3} \|/.test(line) && line.includes(' | — | '));
    expect(left.length).toBe(rows.filter((r) => !r.externalId).length);
    for (const line of left) expect(line).toMatch(/\| non retenu : .{20,} \|$/);
  });
});
