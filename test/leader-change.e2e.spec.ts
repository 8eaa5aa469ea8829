import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { EsdbGrpcClusterDouble } from '@cosinum/event-store/testing';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../libs/reminders/testing/smtp-sink';
import { MONDAY_W12, seedReminders } from '../libs/reminders/testing/seed';
import { TWENTY_ORGANISATIONS, startTestApp, type TestApp } from './support/test-app';

/**
 * The api on a three-node EventStoreDB cluster (the cluster double: gossip, elections, writes
 * refused while no leader is elected, as KurrentDB v24.10 does) whose leader crashes in the middle
 * of the work. The store adapter's retries must outlast the election, and the event ids it sends
 * again must make each write count once: no report lost, none doubled, each reminder sent once.
 * Whatever E2E_EVENT_STORE says, these run on EventStoreDB: they are about its cluster.
 */

// A real election after a crash: the gossip timeout (2.5 s by default), then the vote.
const ELECTION_MS = 3000;

interface HistoryEntry {
  type: string;
  revision: number;
  eventId: string;
  data: { ministry?: string; value?: number; note?: string };
}

describe('the api across an EventStoreDB leader change', () => {
  let cluster: EsdbGrpcClusterDouble;
  let t: TestApp;
  let sink: SmtpSink | undefined;

  beforeEach(async () => {
    cluster = await EsdbGrpcClusterDouble.start(3);
  });
  afterEach(async () => {
    await t?.dispose();
    await sink?.close();
    sink = undefined;
    await cluster.stop();
  });

  it('records every report of a run once when the leader crashes in the middle', async () => {
    t = await startTestApp({ env: { EVENTSTORE_URL: cluster.connectionString } });
    const created = await t.request('POST', '/api/commitments', {
      externalId: 'leader-change-reports',
      title: 'Engagement déclaré pendant une élection',
      description: 'Vingt déclarations, le nœud leader tombe au milieu.',
      source: { document: 'releve-2021-01-20.txt', decidedOn: '2021-01-20' },
      metric: { kind: 'percentage', direction: 'increase', target: 100 },
      deadline: '2021-06-30',
      ministries: TWENTY_ORGANISATIONS,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const old = cluster.leader;

    const statuses: number[] = [];
    let election: Promise<void> | undefined;
    for (const [i, ministry] of TWENTY_ORGANISATIONS.entries()) {
      if (i === 8) election = cluster.crashLeader({ electionMs: ELECTION_MS });
      const response = await t.request('POST', `/api/commitments/${id}/progress`, {
        ministry,
        value: i * 5,
        on: '2021-02-01',
        note: `rapport ${ministry}`,
      });
      statuses.push(response.status);
    }
    await election;
    expect(cluster.leader).not.toBe(old);
    expect(statuses).toEqual(TWENTY_ORGANISATIONS.map(() => 201));

    const history = await t.request('GET', `/api/commitments/${id}/history`);
    const reports = (history.body.items as HistoryEntry[]).slice(1);
    expect(reports.map((e) => e.type)).toEqual(TWENTY_ORGANISATIONS.map(() => 'ProgressReported'));
    expect(new Set(reports.map((e) => e.eventId)).size).toBe(20);
    expect(reports.map((e) => `${e.data.ministry}=${e.data.value}`)).toEqual(
      TWENTY_ORGANISATIONS.map((m, i) => `${m}=${i * 5}`),
    );
    // The log itself, from the new leader: each report once, whatever was sent twice.
    const store = t.app.get<EventStore>(EVENT_STORE);
    const logged = (await store.readAll()).filter((e) => e.streamName.endsWith(id));
    expect(logged.filter((e) => e.type === 'ProgressReported')).toHaveLength(20);
    // And the read models, fed by a subscription that lived through the election.
    const view = await t.request('GET', `/api/commitments/${id}?asOf=2021-02-02`);
    expect(view.status).toBe(200);
    expect(view.body.ministries).toHaveLength(20);
    const health = await t.request('GET', '/health');
    expect(health.body.projections).toMatchObject({ lag: 0 });
  });

  it('sends each reminder of a run once when the leader crashes as the run starts', async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      now: MONDAY_W12,
      env: { ...smtpEnv(sink.port), EVENTSTORE_URL: cluster.connectionString },
    });
    await seedReminders(t.request);
    const election = cluster.crashLeader({ electionMs: ELECTION_MS });
    const run = await t.request('POST', '/api/reminders/runs');
    await election;
    expect(run.status).toBe(200);
    const outcomes = run.body.outcomes as { ministry: string; status: string }[];
    expect(outcomes.filter((o) => ['MI', 'MJ'].includes(o.ministry))).toEqual([
      expect.objectContaining({ ministry: 'MI', status: 'sent' }),
      expect.objectContaining({ ministry: 'MJ', status: 'sent' }),
    ]);
    await sink.waitFor(2);
    // A second run after the election finds them sent.
    const again = await t.request('POST', '/api/reminders/runs');
    expect(
      (again.body.outcomes as { ministry: string; status: string }[])
        .filter((o) => ['MI', 'MJ'].includes(o.ministry))
        .map((o) => o.status),
    ).toEqual(['already_sent', 'already_sent']);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.received.map((m) => m.parsed.messageId).sort()).toEqual([
      '<reminder-MI-2021-W12@cosinum.numerique.gouv.fr>',
      '<reminder-MJ-2021-W12@cosinum.numerique.gouv.fr>',
    ]);
    const store = t.app.get<EventStore>(EVENT_STORE);
    for (const ministry of ['MI', 'MJ']) {
      const events = await store.readStream(`reminder-${ministry}-2021-W12`);
      expect(events.map((e) => e.type)).toEqual(['ReminderClaimed', 'ReminderSent']);
    }
  });
});
