/**
 * `node -r ts-node/register/transpile-only bench/profile-top.ts FILE.cpuprofile [N] [ROOT]`: the
 * N functions with the most self time in a V8 CPU profile (from `node --cpu-prof`), counting only
 * the samples under a function named ROOT when given (e.g. `statusBoard`), and the share of that
 * time spent in each module (luxon, Intl, crypto, ...), to read where a row spends it.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file, count = '25', root] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const self = new Map<number, number>();
profile.samples.forEach((id, i) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const under = (id: number): boolean => {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
    if (nodes.get(at)?.callFrame.functionName === root) return true;
  return false;
};
const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  if (root && !under(node.id)) continue;
  const us = self.get(node.id) ?? 0;
  const module =
    /node_modules\/([^/]+)/.exec(node.callFrame.url)?.[1] ??
    /(libs\/[^/]+|apps\/[^/]+|bench)\//.exec(node.callFrame.url)?.[1] ??
    (node.callFrame.url || node.callFrame.functionName || '(native)');
  byModule.set(module, (byModule.get(module) ?? 0) + us);
  total += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^.*\/(node_modules|libs|apps|bench)\//, '$1/')}:${lineNumber + 1}`
    : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
for (const [name, us] of top)
  process.stdout.write(
    `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`,
  );
process.stdout.write(
  `-- by module (${(total / 1000).toFixed(0)} ms${root ? ` under ${root}` : ''})\n`,
);
for (const [name, us] of [...byModule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12))
  process.stdout.write(
    `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}\n`,
  );
