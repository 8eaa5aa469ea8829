import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { fixedClock, type Clock } from '@cosinum/application';
import { loadConfig, type AppConfig } from '@cosinum/config';
import { createApp } from '../../apps/api/src/app.factory';
import { hashApiKey } from '../../apps/api/src/auth/api-keys';
import { EsdbGrpcDouble } from '@cosinum/event-store/testing';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@cosinum/event-store';
import { Namespace, NamespacedEventStore } from './namespaced-store';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly config: AppConfig;
  readonly dataDir: string;
  readonly clock: Clock & { set(instant: string): void };
  /** Real HTTP on 127.0.0.1: JSON in, parsed JSON out. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  /** Closes the app; the data directory stays until `dispose`. */
  close(): Promise<void>;
  dispose(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly text: string;
}

/** API keys of the test apps, by role: `request` sends the analyst's unless told otherwise. */
export const KEYS = {
  analyst: 'test-analyst-key',
  auditor: 'test-auditor-key',
  MI: 'test-ministere-mi-key',
  MJ: 'test-ministere-mj-key',
} as const;

export const TEST_API_KEYS = [
  `test-analyst:analyst:${hashApiKey(KEYS.analyst)}`,
  `test-auditor:auditor:${hashApiKey(KEYS.auditor)}`,
  `test-mi:ministry:MI:${hashApiKey(KEYS.MI)}`,
  `test-mj:ministry:MJ:${hashApiKey(KEYS.MJ)}`,
].join(',');

/** Headers that call as someone else (`as(KEYS.MI)`), or as nobody (`as(null)`). */
export const as = (key: string | null): Record<string, string> => ({ 'x-api-key': key ?? '' });

/** Real HTTP: JSON in, parsed JSON out; the analyst's key unless `x-api-key` or `authorization` is given. */
const requester =
  (baseUrl: string) =>
  async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> => {
    const given = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const auth: Record<string, string> =
      'x-api-key' in given || 'authorization' in given ? {} : { 'x-api-key': KEYS.analyst };
    if (given['x-api-key'] === '') delete given['x-api-key'];
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...auth,
        ...given,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

/**
 * `E2E_EVENT_STORE=esdb` runs every suite on the EventStoreDB adapter, against the in-process
 * protocol double (one per data directory, so that two apps on one "store" share it), or, when
 * `E2E_EVENTSTORE_URL` is set (`npm run test:eventstore`), against that one server, shared by
 * every app: assertions on the global log then filter to the test's own streams.
 */
export const sharedEventStoreUrl = process.env.E2E_EVENTSTORE_URL || undefined;
export const onEventStoreDb =
  process.env.E2E_EVENT_STORE === 'esdb' || Boolean(sharedEventStoreUrl);
// Promises, so that two apps started together on one directory share one double too.
const doubles = new Map<string, Promise<EsdbGrpcDouble>>();
const eventStoreUrl = async (dataDir: string): Promise<string | null> => {
  if (!onEventStoreDb) return null;
  if (sharedEventStoreUrl) return sharedEventStoreUrl;
  let double = doubles.get(dataDir);
  if (!double) {
    double = EsdbGrpcDouble.start();
    doubles.set(dataDir, double);
  }
  return (await double).connectionString;
};
// On a shared server, each data directory (one test's "store") is a namespace of its own.
const namespaces = new Map<string, Namespace>();

/**
 * The store the app would open for this configuration: SQLite, EventStoreDB, or on a shared
 * server this test's namespace of it (see namespaced-store.ts). Tests that wrap the store use it.
 */
export const eventStoreFor = (config: AppConfig): EventStore => {
  if (!config.eventStoreUrl) {
    return new SqliteEventStore({
      filename: config.sqliteFile,
      pollIntervalMs: config.pollIntervalMs,
    });
  }
  const store = new EsdbEventStore({ connectionString: config.eventStoreUrl });
  if (!sharedEventStoreUrl || config.eventStoreUrl !== sharedEventStoreUrl) return store;
  let ns = namespaces.get(config.dataDir);
  if (!ns) namespaces.set(config.dataDir, (ns = new Namespace()));
  return new NamespacedEventStore(store, ns);
};

const stopDouble = async (dataDir: string): Promise<void> => {
  const double = doubles.get(dataDir);
  doubles.delete(dataDir);
  await (await double)?.stop();
};
// Every double this suite started stops with it, also those of apps started on a given dataDir.
if (onEventStoreDb) {
  afterAll(async () => {
    for (const dataDir of [...doubles.keys()]) await stopDouble(dataDir);
  });
}

/** Starts the app on a free port of 127.0.0.1 with a fixed clock: the part both harnesses share. */
const listen = async (
  config: AppConfig,
  options: { now?: string; dataDir?: string },
  store?: import('@cosinum/event-store').EventStore,
): Promise<TestApp> => {
  const clock = fixedClock(options.now ?? '2021-02-02T09:00:00Z');
  const app = await createApp(config, { clock, ...(store ? { store } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = config.dataDir;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // A test that never read a response's body leaves its connection busy; Fastify's close would
    // wait for it until a socket timeout (past jest's 30 s hook limit). The test is over: cut them.
    const server = app.getHttpServer() as { closeAllConnections?: () => void };
    const closing = app.close();
    server.closeAllConnections?.();
    await closing;
  };
  return {
    app,
    baseUrl,
    config,
    dataDir,
    clock,
    close,
    dispose: async () => {
      await close();
      // A data directory the test gave is the test's to remove.
      if (!options.dataDir) {
        await stopDouble(dataDir);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    request: requester(baseUrl),
  };
};

/**
 * Starts the real Nest app on a temporary SQLite file and a free port on 127.0.0.1. The clock is
 * fixed (default 2021-02-02 10:00 Paris) so that "today" in business rules is reproducible.
 */
export const startTestApp = async (
  options: { now?: string; dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cosinum-e2e-'));
  const esdb = await eventStoreUrl(dataDir);
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(esdb ? { EVENTSTORE_URL: esdb } : {}),
    LOG_LEVEL: 'silent',
    POLL_INTERVAL_MS: '20',
    // Tests start from an empty store unless they ask for the catalogue.
    LOAD_CATALOGUE: 'never',
    // Checkpoints are events: tests that count events ask for them explicitly.
    AUDIT_CHECKPOINT_INTERVAL_MS: '0',
    API_KEYS: TEST_API_KEYS,
    // Reminders run on their schedule only in the tests that ask for it.
    SCHEDULER_ENABLED: 'false',
    ...options.env,
  });
  const shared = sharedEventStoreUrl && config.eventStoreUrl === sharedEventStoreUrl;
  return listen(config, options, shared ? eventStoreFor(config) : undefined);
};

/** The decision of 3 December 2020 on remote-accessible email, as a request body. */
export const emailCommitment = (overrides: Record<string, unknown> = {}) => ({
  externalId: 'cosinum-2020-12-03-messagerie-distance',
  title: "100 % des agents disposent d'une adresse email professionnelle accessible à distance",
  description:
    "100 % des agents de l'Etat doivent disposer d'une adresse email professionnelle accessible à distance au 31 mars 2021 (contre 70 % au 1er novembre 2020).",
  source: { document: '003_be567f4c541a115a.txt', section: 'Fiche 01', decidedOn: '2020-12-03' },
  metric: {
    kind: 'percentage',
    unit: '% des agents',
    direction: 'increase',
    target: 100,
    baseline: { value: 70, on: '2020-11-01' },
  },
  deadline: '2021-03-31',
  ministries: 'all',
  ...overrides,
});

/** Total number of events in the store: "nothing was written" checks compare it. */
export const eventCount = async (app: TestApp): Promise<number> => {
  // Counted by the read models (which include every acknowledged write): positions are not
  // counts on EventStoreDB.
  const health = await app.request('GET', '/health');
  return health.body.projections.events as number;
};

/** The 17 ministries `all` stands for, in reference-data order. */
export const ALL_MINISTRIES = [
  'SPM',
  'MEAE',
  'MTE',
  'MCTRCT',
  'MENJS',
  'MESRI',
  'MEFR',
  'MINARM',
  'MI',
  'MTEI',
  'MOM',
  'MJ',
  'MC',
  'MSS',
  'MMER',
  'MAA',
  'MTFP',
] as const;

/** The 17 ministries and the three operators: every organisation a decision may name but DINUM. */
export const TWENTY_ORGANISATIONS = [...ALL_MINISTRIES, 'POLE_EMPLOI', 'CNAM', 'CNAF'] as const;

/**
 * Asserts an RFC 9457 answer: status, media type, stable code and, when given, the field named in
 * `errors`. Returns the parsed problem for further checks.
 */
export const expectProblem = (
  response: TestResponse,
  status: number,
  code?: string,
  field?: string,
) => {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status,
    body: { status, ...(code ? { code } : {}) },
  });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(typeof response.body.type).toBe('string');
  expect(typeof response.body.title).toBe('string');
  if (field !== undefined) {
    expect(Array.isArray(response.body.errors)).toBe(true);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    for (const e of response.body.errors) expect(typeof e.message).toBe('string');
  }
  return response.body;
};

/**
 * Like {@link startTestApp}, with the event store built by `makeStore` (for instance a wrapper
 * around the SQLite store that slows some calls down, to force interleavings). The configuration
 * is the one `startTestApp` builds, borrowed from a first app that is closed at once, so that both
 * harnesses stay in step.
 */
export const startTestAppWithStore = async (
  makeStore: (config: AppConfig) => import('@cosinum/event-store').EventStore,
  options: { now?: string; env?: Record<string, string>; dataDir?: string } = {},
): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cosinum-e2e-'));
  const probe = await startTestApp({ ...options, dataDir });
  const config = probe.config;
  await probe.close();
  return listen(config, options, makeStore(config));
};
