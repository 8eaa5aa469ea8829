import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { fixedClock, type Clock } from '@cosinum/application';
import { loadConfig, type AppConfig } from '@cosinum/config';
import { createApp } from '../../apps/api/src/app.factory';

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

/**
 * Starts the real Nest app on a temporary SQLite file and a free port on 127.0.0.1. The clock is
 * fixed (default 2021-02-02 10:00 Paris) so that "today" in business rules is reproducible.
 */
export const startTestApp = async (
  options: { now?: string; dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cosinum-e2e-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    POLL_INTERVAL_MS: '20',
    ...options.env,
  });
  const clock = fixedClock(options.now ?? '2021-02-02T09:00:00Z');
  const app = await createApp(config, { clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
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
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    request: async (method, path, body, headers = {}) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
  };
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
  const health = await app.request('GET', '/health');
  return health.body.eventStore.head as number;
};
