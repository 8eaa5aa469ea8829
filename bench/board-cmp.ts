/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/board-cmp.ts FILE
 * [EVENTS]`: the first call writes a history of EVENTS (300,000) into FILE; later calls time
 * statusBoard on it with the tree they run in (30 moments, 3 rounds), to compare two trees on
 * one file (see BENCHMARKS.md, issue 15).
 */
import * as domain from '@cosinum/domain';
import { SqliteEventStore } from '@cosinum/event-store';
import { CommitmentsReadModel, statusBoard } from '@cosinum/projections';
import { writeHistory } from './history';
import { existsSync } from 'node:fs';

const main = async () => {
  const file = process.argv[2];
  const fresh = !existsSync(file);
  const sqlite = new SqliteEventStore({ filename: file });
  if (fresh) {
    await writeHistory(sqlite, { events: Number(process.argv[3] ?? 300000), seed: 20201203 });
    console.log('written');
    return;
  }
  const model = new CommitmentsReadModel();
  for (const e of sqlite.iterateAll()) model.apply(e);
  const d = domain as unknown as {
    configurationRuleSet?: (r: unknown) => unknown;
    DEFAULT_RULES: unknown;
  };
  const rules = (
    d.configurationRuleSet ? d.configurationRuleSet(d.DEFAULT_RULES) : d.DEFAULT_RULES
  ) as never;
  const first = Date.parse('2019-03-01T00:00:00.000Z');
  const span = model.lastRecordedMs - first;
  for (let round = 0; round < 3; round++) {
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < 30; i++) {
      const at = new Date(first + (span * (i + 0.5)) / 30).toISOString();
      const t = performance.now();
      items += statusBoard(model, { asOf: at, knownAt: at }, rules).items.length;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `round ${round}: p50 ${times[15].toFixed(1)} ms, p90 ${times[27].toFixed(1)} ms, total ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms, ${items} items`,
    );
  }
};
void main();
