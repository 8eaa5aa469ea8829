import {
  commitmentDecider,
  commitmentStream,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentState,
} from '@cosinum/domain';
import { handleCommand, type EventContext, type EventStore } from '@cosinum/event-store';
import type { Clock } from './clock';

export type CommandContext = EventContext;

export interface CommandOutcome {
  readonly commitmentId: string;
  readonly events: readonly CommitmentEvent[];
  /** Global position of the last event written, for read-your-writes. */
  readonly position: number;
  readonly streamRevision: number;
}

export type CommandInput = Omit<CommitmentCommand, 'metadata'> & { metadata?: never };

/**
 * Where a command may start from instead of the first event of its stream: the read model's
 * decider state of the commitment at a known revision (CommitmentsReadModel implements it).
 */
export interface CommitmentStateSource {
  snapshotOf(commitmentId: string): { state: CommitmentState; revision: number } | undefined;
}

export interface ExecuteOptions {
  readonly maxAttempts: number;
  readonly states?: CommitmentStateSource;
  /** The codes a command may name (static list and chart); absent: the static list. */
  readonly organisations?: ReadonlySet<string>;
}

/** A commitment command through the one command path ({@link handleCommand}), at `clock.now()`. */
export const executeCommitmentCommand = async (
  store: EventStore,
  clock: Clock,
  input: CommandInput,
  context: CommandContext,
  options: ExecuteOptions,
): Promise<CommandOutcome> => {
  const command = {
    ...input,
    metadata: {
      now: clock.now(),
      ...(options.organisations && { organisations: options.organisations }),
    },
  } as CommitmentCommand;
  const { commitmentId } = command.data;
  const { states } = options;
  const handled = await handleCommand(store, commitmentDecider, command, {
    streamName: commitmentStream(commitmentId),
    context,
    now: () => clock.now(),
    maxAttempts: options.maxAttempts,
    startFrom: states && (() => states.snapshotOf(commitmentId)),
  });
  return {
    commitmentId,
    events: handled.events,
    // The commitment decider always decides at least one event or refuses.
    position: handled.position as number,
    streamRevision: handled.streamRevision,
  };
};
