/**
 * `node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/board-bytes.ts FILE
 * [EVENTS] [OUT.jsonl]`: the first call writes a history of EVENTS (200,000) into FILE; later
 * calls evaluate the board as `GET /api/status?asOf=&knownAt=` does (rulesFor over the log's rule
 * sets, the read model's chart) at 50 moments drawn as row 3 draws them, in ROUNDS rounds (4),
 * printing p50 / p95 and the process CPU of each round; with OUT, every board's JSON, one a line,
 * to compare two trees byte for byte on one file (`md5sum` the two outputs). Used for issue 21:
 * the boards of the optimised tree are the bytes of the tree before it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { rulesFor } from '@cosinum/application';
import { loadConfig } from '@cosinum/config';
import { SqliteEventStore } from '@cosinum/event-store';
import { CommitmentsReadModel, statusBoard } from '@cosinum/projections';
import { prng, writeHistory } from './history';
import { quantile } from './stats';

const main = async () => {
  const [file, events = '200000', out] = process.argv.slice(2);
  const fresh = !existsSync(file);
  const sqlite = new SqliteEventStore({ filename: file });
  if (fresh) {
    await writeHistory(sqlite, { events: Number(events), seed: 20201203 });
    console.log('written');
    return;
  }
  const model = new CommitmentsReadModel();
  for (const e of sqlite.iterateAll()) model.apply(e);
  model.caughtUp();
  const config = loadConfig({});
  const random = prng(20201206);
  const first = Date.parse('2016-01-09T00:00:00.000Z');
  const last = model.lastRecordedMs;
  const moments = Array.from({ length: 50 }, () => {
    const knownAt = first + random() * (last - first);
    const asOf = knownAt + (random() * 210 - 180) * 86_400_000;
    return { asOf: new Date(asOf).toISOString(), knownAt: new Date(knownAt).toISOString() };
  });
  const board = (m: (typeof moments)[number]) => statusBoard(model, m, rulesFor(model, config, m));
  for (let r = 0; r < Number(process.env.ROUNDS ?? 4); r++) {
    const times: number[] = [];
    let items = 0;
    const cpu = process.cpuUsage();
    for (const m of moments) {
      const t = performance.now();
      items += board(m).items.length;
      times.push(performance.now() - t);
    }
    const used = process.cpuUsage(cpu);
    console.log(
      `round ${r}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, ${items} items`,
    );
  }
  if (out) writeFileSync(out, moments.map((m) => JSON.stringify(board(m))).join('\n'));
};
void main();
