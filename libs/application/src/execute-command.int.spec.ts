import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainedEventStore, verifyLog } from '@cosinum/integrity';
import { EMAIL_COMMITMENT_ID, EMAIL_DECISION, EMAIL_MINISTRIES } from '../../domain/testing';
import { commitmentStream, type CommitmentHistory } from '@cosinum/domain';
import {
  SqliteEventStore,
  type EventStore,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@cosinum/event-store';
import { CommitmentsReadModel, ProjectionRunner } from '@cosinum/projections';
import { fixedClock } from './clock';
import { executeCommitmentCommand, type CommandInput } from './execute-command';

const actor = { subject: 'spec', role: 'analyst' };
const STREAM = commitmentStream(EMAIL_COMMITMENT_ID);

/** The real store, with every stream read recorded (to see where a command started from). */
class ReadRecordingStore extends ChainedEventStore {
  readonly reads: { stream: string; options?: ReadStreamOptions; rows: number }[] = [];
  override async readStream(stream: string, options?: ReadStreamOptions) {
    const rows = await super.readStream(stream, options);
    if (stream.startsWith('commitment-')) this.reads.push({ stream, options, rows: rows.length });
    return rows;
  }
}

const report = (ministry: string, value: number, on: string): CommandInput => ({
  type: 'ReportProgress',
  data: { commitmentId: EMAIL_COMMITMENT_ID, ministry, value, on },
});

const foldAll = (events: readonly RecordedEvent[]) => {
  const model = new CommitmentsReadModel();
  for (const e of events) model.apply(e);
  return model;
};

/** What a board reads of a state: every report of every ministry, the seq, the rulings. */
const facts = (state: CommitmentHistory | undefined) =>
  state && {
    seq: state.seq,
    status: state.status,
    reports: Object.fromEntries(
      Object.entries(state.ministries).map(([code, t]) => [code, t.reports.toArray()]),
    ),
    extensions: state.extensions,
    targetRevisions: state.targetRevisions,
  };

describe('executeCommitmentCommand starting from a read model', () => {
  let dir: string;
  let store: ReadRecordingStore;
  const clock = fixedClock('2021-01-04T09:00:00.000Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-command-'));
    store = new ReadRecordingStore(new SqliteEventStore({ filename: join(dir, 'events.sqlite') }));
    await executeCommitmentCommand(
      store,
      clock,
      { type: 'DecideCommitment', data: EMAIL_DECISION },
      { actor },
      { maxAttempts: 1 },
    );
    for (let week = 1; week <= 12; week++) {
      clock.set(
        new Date(Date.parse('2021-01-04T09:00:00.000Z') + week * 7 * 86_400_000).toISOString(),
      );
      await executeCommitmentCommand(
        store,
        clock,
        report(EMAIL_MINISTRIES[week % 3], 70 + week, clock.now().slice(0, 10)),
        { actor },
        { maxAttempts: 1 },
      );
    }
    store.reads.length = 0;
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads nothing when the read model is current, and appends at its revision', async () => {
    const model = foldAll(await store.readStream(STREAM));
    store.reads.length = 0;
    const outcome = await executeCommitmentCommand(
      store,
      clock,
      report('MI', 90, '2021-03-29'),
      { actor },
      { maxAttempts: 1, states: model },
    );
    expect(store.reads).toEqual([]); // the model is current: nothing to read
    expect(outcome.streamRevision).toBe(13);
    expect((await verifyLog(store, new Map())).ok).toBe(true);
  });

  it('catches up from a read model that lags, without changing the read model', async () => {
    const all = await store.readStream(STREAM);
    const lagging = foldAll(all.slice(0, 5));
    const before = facts(lagging.get(EMAIL_COMMITMENT_ID));
    store.reads.length = 0;
    const outcome = await executeCommitmentCommand(
      store,
      clock,
      report('MJ', 88, '2021-03-29'),
      { actor },
      { maxAttempts: 1, states: lagging },
    );
    expect(store.reads).toEqual([{ stream: STREAM, options: { fromRevision: 5 }, rows: 8 }]);
    expect(outcome.streamRevision).toBe(13);
    // The command folded its own copy: the read model is as it was, and then folds normally.
    expect(facts(lagging.get(EMAIL_COMMITMENT_ID))).toEqual(before);
    const everything = await store.readStream(STREAM);
    for (const e of everything.slice(5)) lagging.apply(e);
    expect(facts(lagging.get(EMAIL_COMMITMENT_ID))).toEqual(
      facts(foldAll(everything).get(EMAIL_COMMITMENT_ID)),
    );
    expect((await verifyLog(store, new Map())).ok).toBe(true);
  });

  it('decides on the whole history, as a full read would (a rule that needs old facts)', async () => {
    const lagging = foldAll((await store.readStream(STREAM)).slice(0, 3));
    // MI is exempted in an event the read model has not seen yet: the report must be refused.
    await executeCommitmentCommand(
      store,
      clock,
      {
        type: 'ExemptMinistry',
        data: { commitmentId: EMAIL_COMMITMENT_ID, ministry: 'MI', reason: 'Hors périmètre' },
      },
      { actor },
      { maxAttempts: 1 },
    );
    await expect(
      executeCommitmentCommand(
        store,
        clock,
        report('MI', 95, '2021-03-29'),
        { actor },
        { maxAttempts: 1, states: lagging },
      ),
    ).rejects.toMatchObject({ code: 'COMMITMENT.MINISTRY_EXEMPTED' });
  });

  it('checks a refusal again on the whole stream: a stale read model must not refuse wrongly', async () => {
    const lagging = foldAll(await store.readStream(STREAM));
    const revise = (target: number): CommandInput => ({
      type: 'ReviseTarget',
      data: { commitmentId: EMAIL_COMMITMENT_ID, target, reason: 'Révision COSINUM' },
    });
    // Another writer revises the target to 95; the model still says 100.
    await executeCommitmentCommand(store, clock, revise(95), { actor }, { maxAttempts: 1 });
    // Back to 100: "unchanged" for the stale state, a real revision for the stream.
    const outcome = await executeCommitmentCommand(
      store,
      clock,
      revise(100),
      { actor },
      { maxAttempts: 1, states: lagging },
    );
    expect(outcome.events).toMatchObject([{ type: 'TargetRevised', data: { target: 100 } }]);
    expect(outcome.streamRevision).toBe(14);
  });

  it('loses and doubles nothing with 20 concurrent writers and the read model following', async () => {
    const model = new CommitmentsReadModel();
    const runner = new ProjectionRunner(store as EventStore, [model]);
    await runner.start();
    try {
      const head = (await store.readStream(STREAM)).length;
      const writers = Array.from({ length: 20 }, (_, w) =>
        (async () => {
          for (let i = 0; i < 5; i++)
            await executeCommitmentCommand(
              store,
              clock,
              report(EMAIL_MINISTRIES[w % 3], 50 + w + i / 10, '2021-03-29'),
              { actor },
              { maxAttempts: 200, states: model },
            );
        })(),
      );
      await Promise.all(writers);
      const events = await store.readStream(STREAM);
      expect(events).toHaveLength(head + 100);
      const values = events.slice(head).map((e) => (e.data as { value: number }).value);
      expect(new Set(values).size).toBe(100);
      expect(events.map((e) => e.streamRevision)).toEqual(events.map((_, i) => i));
      expect((await verifyLog(store, new Map())).ok).toBe(true);
      await runner.waitFor(events[events.length - 1].position);
      expect(facts(model.get(EMAIL_COMMITMENT_ID))).toEqual(
        facts(foldAll(events).get(EMAIL_COMMITMENT_ID)),
      );
    } finally {
      await runner.stop();
    }
  });
});
