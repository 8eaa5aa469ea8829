import { ChainedEventStore } from '@cosinum/integrity';
import { EMAIL_COMMITMENT_ID, EMAIL_DECISION } from '../../domain/testing';
import { commitmentStream } from '@cosinum/domain';
import { EsdbEventStore } from '@cosinum/event-store';
import { EsdbGrpcDouble } from '@cosinum/event-store/testing';
import { CommitmentsReadModel, ProjectionRunner } from '@cosinum/projections';
import { fixedClock } from './clock';
import { executeCommitmentCommand, type CommandInput } from './execute-command';

const actor = { subject: 'spec', role: 'analyst' };
const STREAM = commitmentStream(EMAIL_COMMITMENT_ID);

const report = (value: number, on: string): CommandInput => ({
  type: 'ReportProgress',
  data: { commitmentId: EMAIL_COMMITMENT_ID, ministry: 'MI', value, on },
});

/**
 * The app's own guarantee on a store whose idempotence is weaker than SQLite's (EventStoreDB
 * forgets recent event ids on a restart): every command appends at the exact revision it decided
 * on, so a report whose append was stored but not acknowledged — the node went down first — and
 * which the adapter sends again after the restart, is recognised by the server, never stored
 * twice, and the read models hold it once.
 */
describe('a report on EventStoreDB across a node crash after its append', () => {
  it('is neither lost nor doubled, in the log and in the read models', async () => {
    const double = await EsdbGrpcDouble.start();
    const store = new ChainedEventStore(
      new EsdbEventStore({
        connectionString: double.connectionString,
        retry: { budgetMs: 20_000 },
        resubscribe: { minDelayMs: 20, maxDelayMs: 200 },
      }),
    );
    const model = new CommitmentsReadModel();
    const runner = new ProjectionRunner(store, [model]);
    const clock = fixedClock('2021-01-04T09:00:00.000Z');
    const run = (input: CommandInput) =>
      executeCommitmentCommand(store, clock, input, { actor }, { maxAttempts: 3 });
    try {
      await runner.start();
      await run({ type: 'DecideCommitment', data: EMAIL_DECISION });
      await run(report(71, '2021-01-04'));
      clock.set('2021-01-11T09:00:00.000Z');
      double.crashAfterNextAppendTo(STREAM);
      const outcome = await run(report(72, '2021-01-11'));
      expect(double.starts).toBe(2); // the node went down after storing the report
      expect(await runner.waitFor(outcome.position, 10_000)).toBe(true);

      const stored = await store.readStream(STREAM);
      expect(stored.map((e) => e.type)).toEqual([
        'CommitmentDecided',
        'ProgressReported',
        'ProgressReported',
      ]);
      const reports = model.get(EMAIL_COMMITMENT_ID)!.ministries.MI.reports.toArray();
      expect(reports.map((r) => (r as { value: number }).value)).toEqual([71, 72]);
      expect(runner.healthy).toBe(true);
    } finally {
      await runner.stop();
      await store.close();
      await double.stop();
    }
  });
});
