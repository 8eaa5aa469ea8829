import { SqliteEventStore, type EventStore } from '@cosinum/event-store';
import {
  TWENTY_ORGANISATIONS,
  eventCount,
  onEventStoreDb,
  startTestApp,
  startTestAppWithStore,
  type TestApp,
  type TestResponse,
} from './support/test-app';

/**
 * Many writers on one stream at the same instant: optimistic concurrency with retries must record
 * every report exactly once, in a gap-free stream, and answer 201 to each writer.
 */

interface HistoryEntry {
  type: string;
  revision: number;
  position: number;
  eventId: string;
  correlationId: string;
  data: { ministry?: string; value?: number; on?: string; note?: string };
}

const decision = (externalId: string, ministries: readonly string[]) => ({
  externalId,
  title: `Engagement concurrent ${externalId}`,
  description: 'Vingt déclarations simultanées.',
  source: { document: 'releve-2021-01-20.txt', decidedOn: '2021-01-20' },
  metric: { kind: 'percentage', direction: 'increase', target: 100 },
  deadline: '2021-06-30',
  ministries,
});

/** Lists every non-201 answer, so that a failure says which writer lost and why. */
const failures = (responses: readonly TestResponse[]) =>
  responses.map((r, i) => ({ i, status: r.status, body: r.body })).filter((r) => r.status !== 201);

describe('concurrent commands on one commitment', () => {
  let t: TestApp;

  const create = async (externalId: string, ministries: readonly string[]) => {
    const response = await t.request('POST', '/api/commitments', decision(externalId, ministries));
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const history = async (id: string): Promise<HistoryEntry[]> => {
    const response = await t.request('GET', `/api/commitments/${id}/history`);
    expect(response.status).toBe(200);
    return response.body.items;
  };

  /** Twenty organisations report on the same commitment at the same instant. */
  const twentyAtOnce = async (externalId: string, round: number) => {
    expect(TWENTY_ORGANISATIONS).toHaveLength(20);
    const id = await create(externalId, TWENTY_ORGANISATIONS);
    const before = await eventCount(t);
    // A distinct value per organisation and round, so that each can be traced to its writer.
    const valueOf = (i: number) => i * 5 + round;
    const responses = await Promise.all(
      TWENTY_ORGANISATIONS.map((ministry, i) =>
        t.request('POST', `/api/commitments/${id}/progress`, {
          ministry,
          value: valueOf(i),
          on: '2021-02-01',
          note: `${externalId} ${ministry}`,
        }),
      ),
    );
    expect(failures(responses)).toEqual([]);
    for (const r of responses) {
      expect(r.body).toEqual({ id, events: ['ProgressReported'], position: expect.any(Number) });
    }
    const positions = responses.map((r) => r.body.position as number);
    expect(new Set(positions).size).toBe(20);
    // On SQLite positions count events: exactly the next twenty. On EventStoreDB they only grow.
    if (!onEventStoreDb) {
      expect([...positions].sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, k) => before + 1 + k),
      );
    }
    expect(await eventCount(t)).toBe(before + 20);

    const events = await history(id);
    expect(events).toHaveLength(21);
    expect(events[0].type).toBe('CommitmentDecided');
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, k) => k));
    const reports = events.slice(1);
    expect(reports.every((e) => e.type === 'ProgressReported')).toBe(true);
    expect(new Set(reports.map((e) => e.eventId)).size).toBe(20);
    // Each organisation's value is there exactly once, with its own note.
    expect(reports.map((e) => `${e.data.ministry}=${e.data.value} ${e.data.note}`).sort()).toEqual(
      TWENTY_ORGANISATIONS.map((m, i) => `${m}=${valueOf(i)} ${externalId} ${m}`).sort(),
    );
    // The answer's position is the position of that writer's event in the log.
    for (const [i, r] of responses.entries()) {
      const event = reports.find((e) => e.data.ministry === TWENTY_ORGANISATIONS[i]);
      expect(event?.position).toBe(r.body.position);
    }

    // Read models: every report is visible, each ministry with its own value.
    const view = await t.request('GET', `/api/commitments/${id}?asOf=2021-02-02`);
    expect(view.body.ministries).toHaveLength(20);
    const latest = Object.fromEntries(
      view.body.ministries.map((m: { ministry: string; latestValue: number }) => [
        m.ministry,
        m.latestValue,
      ]),
    );
    expect(latest).toEqual(Object.fromEntries(TWENTY_ORGANISATIONS.map((m, i) => [m, valueOf(i)])));
    const health = await t.request('GET', '/health');
    expect(health.body.projections).toMatchObject({ lag: 0, events: before + 20 });
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('twenty ministries report at the same instant: twenty 201s, 21 events, each value once', async () => {
    await twentyAtOnce('concurrency-round-0', 0);
  });

  it.each([1, 2, 3])('round %i of the same, on a fresh commitment', async (round) => {
    await twentyAtOnce(`concurrency-round-${round}`, round);
  });

  it('twenty identical concurrent reports of one ministry are twenty distinct facts', async () => {
    const id = await create('concurrency-identical', ['MI', 'MJ']);
    const before = await eventCount(t);
    const body = { ministry: 'MI', value: 50, on: '2021-02-01' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.request('POST', `/api/commitments/${id}/progress`, body)),
    );
    expect(failures(responses)).toEqual([]);
    expect(new Set(responses.map((r) => r.body.position)).size).toBe(20);
    expect(await eventCount(t)).toBe(before + 20);

    const events = await history(id);
    expect(events).toHaveLength(21);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, k) => k));
    const reports = events.slice(1);
    for (const e of reports) {
      expect(e.type).toBe('ProgressReported');
      expect(e.data).toEqual({ commitmentId: id, ...body });
    }
    expect(new Set(reports.map((e) => e.eventId)).size).toBe(20);
    // Each request is its own correlation: twenty requests, twenty correlation ids.
    expect(new Set(reports.map((e) => e.correlationId)).size).toBe(20);

    const view = await t.request('GET', `/api/commitments/${id}?asOf=2021-02-02`);
    const mi = view.body.ministries.find((m: { ministry: string }) => m.ministry === 'MI');
    expect(mi).toMatchObject({ latestValue: 50, latestOn: '2021-02-01' });
  });

  it('mixed concurrent commands on one stream all land, and the stream stays consistent', async () => {
    const id = await create('concurrency-mixed', TWENTY_ORGANISATIONS);
    const before = await eventCount(t);
    const post = (route: string, body: unknown) =>
      t.request('POST', `/api/commitments/${id}/${route}`, body);
    const responses = await Promise.all([
      ...TWENTY_ORGANISATIONS.slice(0, 15).map((ministry) =>
        post('progress', { ministry, value: 70, on: '2021-02-01' }),
      ),
      post('exemptions', { ministry: 'CNAF', reason: 'Exemption' }),
      post('deadline-extensions', { ministry: 'CNAM', deadline: '2021-09-30', reason: 'Report' }),
      post('target-revisions', { target: 90, reason: 'Cible à 90 %' }),
    ]);
    expect(failures(responses)).toEqual([]);
    expect(await eventCount(t)).toBe(before + 18);
    const events = await history(id);
    expect(events).toHaveLength(19);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 19 }, (_, k) => k));
    const view = await t.request('GET', `/api/commitments/${id}?asOf=2021-02-02`);
    const item = (code: string) =>
      view.body.ministries.find((m: { ministry: string }) => m.ministry === code);
    expect(item('CNAF').state).toBe('exempt');
    expect(item('CNAM')).toMatchObject({ deadline: '2021-09-30', extensions: 1, target: 90 });
    expect(item('MI')).toMatchObject({ latestValue: 70, target: 90 });
    expect(view.body.commitment.currentTarget).toBe(90);
  });
});

/**
 * In one process the SQLite store answers synchronously, so concurrent requests rarely overlap
 * between deciding on a revision (read from the stream, or the read model's) and appending at it.
 * This store takes a few milliseconds to read a stream and to start an append, as a remote one
 * would: the twenty writers then decide on the same revision and collide for real, and only the
 * retry loop can get each of them through.
 */
const latency = () => new Promise((r) => setTimeout(r, 1 + Math.random() * 4));
const overlappingReads = (inner: EventStore): EventStore => ({
  appendToStream: async (streamName, events, options) => {
    await latency();
    return inner.appendToStream(streamName, events, options);
  },
  readStream: async (streamName, options) => {
    const events = await inner.readStream(streamName, options);
    await latency();
    return events;
  },
  readAll: (options) => inner.readAll(options),
  readAllPages: (options) => inner.readAllPages(options),
  headPosition: () => inner.headPosition(),
  readLastEvent: () => inner.readLastEvent(),
  subscribeToAll: (options) => inner.subscribeToAll(options),
  close: () => inner.close(),
});

describe('concurrent commands whose reads overlap (real optimistic-concurrency conflicts)', () => {
  let t: TestApp;
  let appends = 0;
  let conflicts = 0;

  beforeAll(async () => {
    t = await startTestAppWithStore((config) => {
      const sqlite = new SqliteEventStore({
        filename: config.sqliteFile,
        pollIntervalMs: config.pollIntervalMs,
      });
      const slow = overlappingReads(sqlite);
      return {
        ...slow,
        appendToStream: async (streamName, events, options) => {
          appends++;
          try {
            return await slow.appendToStream(streamName, events, options);
          } catch (error) {
            if ((error as Error).name === 'WrongExpectedRevisionError') conflicts++;
            throw error;
          }
        },
      };
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each([1, 2, 3])(
    'round %i: twenty ministries at once all get 201 despite the collisions',
    async (round) => {
      const created = await t.request(
        'POST',
        '/api/commitments',
        decision(`overlap-round-${round}`, TWENTY_ORGANISATIONS),
      );
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const before = await eventCount(t);
      const conflictsBefore = conflicts;
      const responses = await Promise.all(
        TWENTY_ORGANISATIONS.map((ministry, i) =>
          t.request('POST', `/api/commitments/${id}/progress`, {
            ministry,
            value: i + round,
            on: '2021-02-01',
          }),
        ),
      );
      expect(failures(responses)).toEqual([]);
      // The writers did collide: the retry loop was exercised.
      expect(conflicts - conflictsBefore).toBeGreaterThan(0);
      expect(await eventCount(t)).toBe(before + 20);
      const history = await t.request('GET', `/api/commitments/${id}/history`);
      const events = history.body.items as HistoryEntry[];
      expect(events).toHaveLength(21);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, k) => k));
      expect(
        events
          .slice(1)
          .map((e) => `${e.data.ministry}=${e.data.value}`)
          .sort(),
      ).toEqual(TWENTY_ORGANISATIONS.map((m, i) => `${m}=${i + round}`).sort());
    },
  );

  it('ten simultaneous decisions with one externalId: one 201, nine 409 EXTERNAL_ID_TAKEN', async () => {
    const before = await eventCount(t);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.request('POST', '/api/commitments', {
          ...decision('overlap-same-external-id', ['MI']),
          title: `Décision concurrente n° ${i}`,
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201) as TestResponse;
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({
        code: 'COMMITMENT.EXTERNAL_ID_TAKEN',
        errors: [{ field: 'externalId' }],
      });
    }
    expect(await eventCount(t)).toBe(before + 1);
    const history = await t.request('GET', `/api/commitments/${winner.body.id}/history`);
    expect(history.body.items).toHaveLength(1);
  });

  it('counts what it saw', () => {
    expect(appends).toBeGreaterThan(60);
  });
});
