import type { EventStore } from '@cosinum/event-store';
import { CommitmentsReadModel } from '@cosinum/projections';
import { fixedClock } from '../src/clock';
import { executeCommitmentCommand } from '../src/execute-command';

/**
 * More history on a store that has some: reports through the command path on commitments the log
 * already holds, up to `count`, so that their report series grow (those the decider refuses, e.g.
 * on a withdrawn commitment or an exempted ministry, are skipped). Returns how many landed.
 */
export const reportOnSome = async (store: EventStore, count: number): Promise<number> => {
  const model = new CommitmentsReadModel();
  for await (const page of store.readAllPages()) for (const e of page) model.apply(e);
  const clock = fixedClock('2026-12-01T09:00:00Z');
  let landed = 0;
  let value = 1;
  for (const commitment of model.all()) {
    for (const ministry of Object.keys(commitment.ministries)) {
      if (landed >= count) return landed;
      const commitmentId = commitment.definition.commitmentId;
      await executeCommitmentCommand(
        store,
        clock,
        {
          type: 'ReportProgress',
          data: { commitmentId, ministry, value: value++, on: '2026-11-30' },
        },
        { actor: { subject: 'spec', role: 'analyst' } },
        { maxAttempts: 3 },
      ).then(
        () => landed++,
        () => undefined,
      );
    }
  }
  return landed;
};
