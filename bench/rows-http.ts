/**
 * Rows 11 and 12 of the benchmark, over HTTP against the API started on the benchmark's file
 * (after row 6, on the same server):
 *
 * - 10: the full board `GET /api/status` as a browser asks for it (`Accept-Encoding: gzip,
 *   deflate, br, zstd`, Chrome's; the API answers brotli), bytes on the wire compressed against
 *   identity, and req/s against a bare Fastify process that sends the SAME compressed bytes,
 *   captured from the API with its Content-Encoding, ETag and Vary: the ratio is what compressing
 *   costs the server. gzip (`Accept-Encoding: gzip`) is measured the same way, for the clients
 *   that do not take brotli.
 * - 11: ministries declaring through the dashboard's form, as a browser posts it: 20 clients,
 *   each signed in (session cookie, `/connexion`) as the correspondent of a different
 *   organisation, each posting declarations (urlencoded, with the form's CSRF token and the
 *   site's Origin) one after the other; the POST is measured (303), not the page it leads to.
 *   Every declaration carries a unique note: the log is read back and each must be there once.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import {
  assignedItems,
  organisationsOn,
  parisDateOf,
  type CommitmentHistory,
  type OrganisationChart,
} from '@cosinum/domain';
import { KEY, load, startFloorServer, type Load } from './rows-process';
import { now, quantile } from './stats';

/** Chrome's Accept-Encoding: what a browser asks for. */
export const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** How many organisations' correspondents declare at once in row 12. */
export const DECLARING_CLIENTS = 20;
const ministryKey = (code: string) => `bench-ministere-${code.toLowerCase()}`;

/**
 * The API's credentials for the benchmark: the analyst key the other rows use (`demo-analyst`,
 * now configured instead of implied) and one ministry key per declaring organisation.
 */
export const benchKeysEnv = (codes: readonly string[]): Record<string, string> => ({
  API_KEYS: [
    `${KEY}:analyst:${sha256(KEY)}`,
    ...codes.map((code) => `${ministryKey(code)}:ministry:${code}:${sha256(ministryKey(code))}`),
  ].join(','),
});

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET whose body is read as it crossed the wire (no decompression). */
const rawGet = (url: string, headers: Record<string, string>): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { 'x-api-key': KEY, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });

export interface CompressedBoardRow {
  readonly identityBytes: number;
  readonly brBytes: number;
  readonly gzipBytes: number;
  /** The Content-Encoding the API answered the browser's Accept-Encoding with. */
  readonly browserEncoding: string;
  readonly api: Load[];
  readonly floor: Load[];
  readonly apiGzip: Load[];
  readonly floorGzip: Load[];
}

/** Row 11: the full board compressed as a browser asks, against a floor sending those bytes. */
export const measureCompressedBoard = async (
  apiUrl: string,
  dir: string,
  options: { runs: number; seconds: number; log: (line: string) => void },
): Promise<CompressedBoardRow> => {
  const path = '/api/status';
  const capture = async (acceptEncoding: string | undefined, file: string) => {
    const raw = await rawGet(
      `${apiUrl}${path}`,
      acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
    );
    if (raw.status !== 200) throw new Error(`${path}: HTTP ${raw.status}`);
    writeFileSync(file, raw.body);
    const headers: Record<string, string> = {};
    for (const name of ['content-encoding', 'etag', 'vary', 'cache-control'])
      if (typeof raw.headers[name] === 'string') headers[name] = raw.headers[name];
    return { bytes: raw.body.length, headers, file };
  };
  const identity = await capture(undefined, join(dir, 'board-identity.json'));
  const br = await capture(BROWSER_ENCODINGS, join(dir, 'board.json.br'));
  const gzip = await capture('gzip', join(dir, 'board.json.gz'));
  if (gzip.headers['content-encoding'] !== 'gzip')
    throw new Error(`the API answered gzip with ${gzip.headers['content-encoding']}`);
  const floorServer = await startFloorServer({
    '/br': { file: br.file, headers: br.headers },
    '/gzip': { file: gzip.file, headers: gzip.headers },
  });
  const row = {
    identityBytes: identity.bytes,
    brBytes: br.bytes,
    gzipBytes: gzip.bytes,
    browserEncoding: br.headers['content-encoding'] ?? 'identity',
    api: [] as Load[],
    floor: [] as Load[],
    apiGzip: [] as Load[],
    floorGzip: [] as Load[],
  };
  const asBrowser = { 'accept-encoding': BROWSER_ENCODINGS };
  const asGzip = { 'accept-encoding': 'gzip' };
  try {
    await load(`${floorServer.url}/br`, 1, undefined, asBrowser); // warm both
    await load(`${apiUrl}${path}`, 1, undefined, asBrowser);
    for (let r = 0; r < options.runs; r++) {
      row.floor.push(await load(`${floorServer.url}/br`, options.seconds, undefined, asBrowser));
      row.api.push(await load(`${apiUrl}${path}`, options.seconds, undefined, asBrowser));
      row.floorGzip.push(await load(`${floorServer.url}/gzip`, options.seconds, undefined, asGzip));
      row.apiGzip.push(await load(`${apiUrl}${path}`, options.seconds, undefined, asGzip));
      options.log(
        `  run ${r + 1}: ${row.browserEncoding} ${Math.round(row.api[r].requestsPerSecond)} vs ${Math.round(row.floor[r].requestsPerSecond)} req/s; gzip ${Math.round(row.apiGzip[r].requestsPerSecond)} vs ${Math.round(row.floorGzip[r].requestsPerSecond)} req/s`,
      );
    }
  } finally {
    await floorServer.stop();
  }
  return row;
};

export interface DeclarationsRow {
  readonly clients: number;
  readonly posted: number[];
  readonly p50: number[];
  readonly p95: number[];
  readonly p99: number[];
  readonly perSecond: number[];
  /** Declarations answered 303 but absent from the log; present more than once; in the log unanswered. */
  readonly lost: number[];
  readonly duplicated: number[];
  readonly unexpected: number[];
  /** Answers other than 303, and network errors. */
  readonly failed: number[];
}

interface Target {
  readonly commitmentId: string;
  readonly value: string;
}

/** What a ministry can declare on: its open items, each with a value the form accepts. */
/**
 * The open items an organisation's correspondent can declare on today: those the board shows for
 * it, its own or taken over from a predecessor merged or split into it (not exempted).
 */
const targetsOf = (
  states: readonly CommitmentHistory[],
  chart: OrganisationChart,
  code: string,
  today: string,
): Target[] => {
  const moment = { asOf: `${today}T12:00:00.000Z`, knownAt: new Date().toISOString() };
  const targets: Target[] = [];
  for (const c of states) {
    if (c.status !== 'active') continue;
    if (c.definition.source.decidedOn > today) continue;
    // Its own item, or one it took over from a predecessor merged or split into it.
    const item = assignedItems(c, chart, moment).find(
      (i) =>
        i.code === code && (i.track === code ? !i.assignment : Boolean(i.assignment?.takenOver)),
    );
    const track = item && c.ministries[item.track];
    if (!track || track.exemption) continue;
    const metric = c.definition.metric;
    const value = track.reports.latest()?.value ?? metric.baseline?.value ?? 0;
    targets.push({
      commitmentId: c.definition.commitmentId,
      value:
        metric.kind === 'boolean'
          ? String(value >= 1 ? 1 : 0)
          : String(metric.kind === 'count' ? Math.round(value) : value).replace('.', ','),
    });
  }
  return targets;
};

/** One signed-in correspondent, as a browser holds it: the session cookie and the form's token. */
const signIn = async (apiUrl: string, code: string) => {
  const signedIn = await fetch(`${apiUrl}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: apiUrl },
    body: new URLSearchParams({ cle: ministryKey(code), retour: '/tableau-de-bord' }).toString(),
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('cosinum_session=') && c.length > 'cosinum_session='.length);
  if (signedIn.status !== 303 || !cookie)
    throw new Error(`${code}: sign-in failed (HTTP ${signedIn.status})`);
  return cookie;
};

const formPath = (commitmentId: string) =>
  `/tableau-de-bord/engagements/${commitmentId}/avancement`;

/**
 * Row 12: `clients` correspondents of different organisations post declarations through the
 * form at once, `perClient` each per run (a run also stops after `budgetMs`); latency of each POST.
 * Back to back by default (each client posts as soon as its previous POST is answered: the
 * server saturated); with `paceMs`, each client posts once every `paceMs`, the clients spread
 * over that interval (a steady rate of `clients / paceMs`, what people declaring at once send).
 */
export const measureDeclarations = async (
  apiUrl: string,
  db: Database.Database,
  states: Iterable<CommitmentHistory>,
  chart: OrganisationChart,
  options: {
    runs: number;
    perClient: number;
    budgetMs: number;
    paceMs?: number;
    log: (line: string) => void;
  },
): Promise<DeclarationsRow> => {
  const tag = options.paceMs === undefined ? '' : 'p';
  const today = parisDateOf(new Date().toISOString());
  const all = [...states];
  const clients: { code: string; cookie: string; csrf: string; targets: Target[] }[] = [];
  // The organisations that exist today (a chart without lineage: the codes the log holds).
  const existing =
    chart.size > 0
      ? organisationsOn(chart, {
          asOf: `${today}T12:00:00.000Z`,
          knownAt: new Date().toISOString(),
        }).map((o) => o.code)
      : [...new Set(all.flatMap((c) => Object.keys(c.ministries)))];
  for (const code of existing) {
    if (clients.length === DECLARING_CLIENTS) break;
    const targets = targetsOf(all, chart, code, today);
    if (targets.length === 0) continue;
    const cookie = await signIn(apiUrl, code);
    const page = await fetch(`${apiUrl}${formPath(targets[0].commitmentId)}`, {
      headers: { cookie },
    });
    const csrf = /name="_csrf" value="([\w-]+)"/.exec(await page.text())?.[1];
    if (page.status !== 200 || !csrf)
      throw new Error(`${code}: no declaration form (HTTP ${page.status})`);
    clients.push({ code, cookie, csrf, targets });
  }
  const row: DeclarationsRow = {
    clients: clients.length,
    posted: [],
    p50: [],
    p95: [],
    p99: [],
    perSecond: [],
    lost: [],
    duplicated: [],
    unexpected: [],
    failed: [],
  };
  const declare = async (
    client: (typeof clients)[number],
    target: Target,
    note: string,
  ): Promise<{ ms: number; ok: boolean }> => {
    const body = new URLSearchParams({
      value: target.value,
      on: today,
      note,
      _csrf: client.csrf,
    }).toString();
    const t = now();
    try {
      const response = await fetch(`${apiUrl}${formPath(target.commitmentId)}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: client.cookie,
          origin: apiUrl,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
      });
      await response.arrayBuffer();
      return { ms: now() - t, ok: response.status === 303 };
    } catch {
      return { ms: now() - t, ok: false };
    }
  };
  const notesSince = db.prepare<[number, string], { note: string | null; n: number }>(
    `SELECT json_extract(data, '$.note') AS note, COUNT(*) AS n FROM events
     WHERE position > ? AND type = 'ProgressReported' AND json_extract(data, '$.note') LIKE ?
     GROUP BY note`,
  );
  const head = db.prepare<[], { p: number | null }>('SELECT MAX(position) AS p FROM events');
  // Warm-up: one declaration each, not timed (JIT, first board of each ministry).
  await Promise.all(clients.map((c) => declare(c, c.targets[0], `banc-chauffe${tag}-${c.code}`)));
  const pace = options.paceMs;
  for (let r = 0; r < options.runs; r++) {
    const from = head.get()?.p ?? 0;
    const times: number[] = [];
    const accepted = new Set<string>();
    let failed = 0;
    const started = now();
    await Promise.all(
      clients.map(async (client, k) => {
        for (let i = 0; i < options.perClient; i++) {
          if (now() - started > options.budgetMs) break;
          if (pace !== undefined) {
            const wait = started + (k * pace) / clients.length + i * pace - now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
          const target = client.targets[(i + k) % client.targets.length];
          const note = `banc-${tag}${r}-${client.code}-${i}`;
          const { ms, ok } = await declare(client, target, note);
          times.push(ms);
          if (ok) accepted.add(note);
          else failed++;
        }
      }),
    );
    const elapsed = now() - started;
    // Read back: each accepted declaration in the log exactly once, nothing else of this run.
    const landed = notesSince.all(from, `banc-${tag}${r}-%`);
    const counts = new Map(landed.map((l) => [l.note ?? '', l.n]));
    let lost = 0;
    for (const note of accepted) if (!counts.has(note)) lost++;
    const duplicated = landed.reduce((n, l) => n + Math.max(0, l.n - 1), 0);
    row.posted.push(times.length);
    row.p50.push(quantile(times, 0.5));
    row.p95.push(quantile(times, 0.95));
    row.p99.push(quantile(times, 0.99));
    row.perSecond.push((times.length / elapsed) * 1000);
    row.lost.push(lost);
    row.unexpected.push(landed.filter((l) => !accepted.has(l.note ?? '')).length);
    row.duplicated.push(duplicated);
    row.failed.push(failed);
    options.log(
      `  run ${r + 1}${pace === undefined ? '' : ` (each one every ${pace} ms)`}: ${times.length} declarations by ${clients.length} ministries, p50 ${row.p50[r].toFixed(1)} ms, p95 ${row.p95[r].toFixed(1)} ms, p99 ${row.p99[r].toFixed(1)} ms, ${Math.round(row.perSecond[r])}/s; ${failed} failed, ${lost} lost, ${duplicated} duplicated`,
    );
  }
  return row;
};
