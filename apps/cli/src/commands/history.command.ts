import { Command } from 'commander';
import { commitmentStream } from '@cosinum/domain';
import { CliError } from '../cli-error';
import { openStore } from '../store';

export const historyCommand = (): Command =>
  new Command('history')
    .description("Print a commitment's events in order: who recorded what, and when")
    .argument('<commitmentId>', 'the commitment uuid')
    .option('--json', 'print as JSON lines, one event per line')
    .action(async (commitmentId: string, options: { json?: boolean }) => {
      const { store } = await openStore();
      try {
        const events = await store.readStream(commitmentStream(commitmentId));
        if (events.length === 0) throw new CliError(`commitment ${commitmentId} does not exist`);
        for (const e of events) {
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ position: e.position, revision: e.streamRevision, type: e.type, data: e.data, metadata: e.metadata })}\n`,
            );
          } else {
            process.stdout.write(
              `#${e.streamRevision} ${e.metadata.recordedAt} ${e.type} by ${e.metadata.actor.subject}: ${JSON.stringify(e.data)}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
    });
