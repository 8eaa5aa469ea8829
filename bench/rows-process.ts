/**
 * Rows 6, 8 and 9 of the benchmark: the real API server, started as its own process on the
 * benchmark's SQLite file (127.0.0.1 only), measured from outside: cold start to healthy, steady
 * memory, and HTTP throughput and latency with autocannon against a bare Fastify process that
 * sends a payload of the same bytes. Every process started here is killed at the end, even on
 * failure; every load is bounded in time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { now } from './stats';

const ROOT = resolve(__dirname, '..');
const SERVER = join(ROOT, 'dist/apps/api/src/main.js');
/** The demo key the server accepts on 127.0.0.1 when no key is configured. */
export const KEY = 'demo-analyst';

const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.once('exit', killAll);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = async (): Promise<number> => {
  const { createServer } = await import('node:net');
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
};

const rssOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : NaN;
};

export interface Server {
  readonly url: string;
  readonly pid: number;
  readonly startMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the API on `sqliteFile` and waits until `/health` answers (the read models built).
 * Without a snapshot directory in `env`, it starts with `SNAPSHOT_DIR=none`: it folds the whole
 * log, and writes no snapshot when it stops.
 */
export const startServer = async (
  sqliteFile: string,
  dataDir: string,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<Server> => {
  if (!existsSync(SERVER))
    throw new Error(`${SERVER} is missing: run \`npm run build\` first (npm run bench does)`);
  const port = await freePort();
  const started = now();
  // As `npm start` runs it.
  const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, SERVER], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      SQLITE_FILE: sqliteFile,
      LOG_LEVEL: 'warn',
      LOAD_CATALOGUE: 'never',
      SCHEDULER_ENABLED: 'false',
      // The benchmark is the only client: the per-IP limit would measure the limiter.
      RATE_LIMIT_PER_MINUTE: '1000000',
      SNAPSHOT_DIR: 'none',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    children.delete(child);
  };
  while (now() - started < timeoutMs) {
    if (child.exitCode !== null)
      throw new Error(`the API exited with ${child.exitCode} during start-up: ${stderr}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return { url, pid: child.pid as number, startMs: now() - started, stop };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`the API was not healthy after ${timeoutMs} ms`);
};

/**
 * Settled RSS of a process: sampled every second for `durationMs`, the figure is the median of the
 * last ten samples. V8's memory reducer gives the start's pages back to the system 20 to 40 s after
 * start, at a moment that varies; a rule that stopped at the first stable ten seconds read the
 * plateau before it in some runs and the settled value in others (see BENCHMARKS.md, row 8).
 */
export const steadyRss = async (
  pid: number,
  durationMs = 60_000,
): Promise<{ rss: number; peak: number; samples: number[] }> => {
  const samples: number[] = [];
  const started = now();
  while (now() - started < durationMs) {
    samples.push(rssOf(pid));
    await sleep(1000);
  }
  samples.push(rssOf(pid));
  const last = samples.slice(-10).sort((a, b) => a - b);
  return { rss: last[Math.floor(last.length / 2)], peak: Math.max(...samples), samples };
};

/** What a floor route sends: a file's bytes, with these response headers (as the API sent them). */
export interface FloorRoute {
  readonly file: string;
  readonly headers: Record<string, string>;
}

/**
 * A bare Fastify process on 127.0.0.1 that sends `file`'s bytes as JSON on every GET (and, for a
 * route given with headers, those headers too: e.g. the Content-Encoding of captured bytes).
 */
export const startFloorServer = async (
  files: Record<string, string | FloorRoute>,
): Promise<Server> => {
  const port = await freePort();
  const routes = Object.fromEntries(
    Object.entries(files).map(([route, f]) => [route, typeof f === 'string' ? { file: f } : f]),
  );
  const script = `
    const fastify = require(${JSON.stringify(require.resolve('fastify'))})();
    const { readFileSync } = require('node:fs');
    const routes = ${JSON.stringify(routes)};
    for (const [route, { file, headers }] of Object.entries(routes)) {
      const body = readFileSync(file);
      fastify.get(route, (request, reply) =>
        reply.type('application/json; charset=utf-8').headers(headers ?? {}).send(body));
    }
    fastify.listen({ port: ${port}, host: '127.0.0.1' });`;
  const started = now();
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  children.add(child);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGKILL');
    children.delete(child);
  };
  for (;;) {
    try {
      await fetch(`${url}${Object.keys(files)[0]}`);
      return { url, pid: child.pid as number, startMs: now() - started, stop };
    } catch {
      if (now() - started > 10_000) {
        await stop();
        throw new Error('the floor server did not start');
      }
      await sleep(50);
    }
  }
};

export interface Load {
  readonly requestsPerSecond: number;
  /** Response bytes per second, headers included (autocannon's throughput). */
  readonly bytesPerSecond: number;
  readonly p99: number;
  readonly p50: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** One bounded autocannon run: `seconds` long, 10 connections, optionally at a fixed rate. */
export const load = async (
  url: string,
  seconds: number,
  overallRate?: number,
  headers: Record<string, string> = {},
): Promise<Load> => {
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers: { 'x-api-key': KEY, ...headers },
    ...(overallRate !== undefined && { overallRate }),
  });
  return {
    requestsPerSecond: result.requests.average,
    bytesPerSecond: result.throughput.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
};

/** Saves what `url` answers to `file`, and returns its size in bytes. */
export const capture = async (url: string, file: string): Promise<number> => {
  const response = await fetch(url, { headers: { 'x-api-key': KEY } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  writeFileSync(file, bytes);
  return bytes.length;
};

export const stopAll = async (): Promise<void> => {
  killAll();
  children.clear();
};
