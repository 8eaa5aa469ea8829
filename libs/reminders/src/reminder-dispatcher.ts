import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import {
  APP_CONFIG,
  CLOCK,
  GetStatusBoardQuery,
  ProjectionService,
  type Clock,
} from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { ORGANISATIONS, organisationsOn, type Instant } from '@cosinum/domain';
import {
  ConcurrencyConflictError,
  EVENT_STORE,
  handleCommand,
  type EventContext,
  type EventStore,
} from '@cosinum/event-store';
import type { Board } from '@cosinum/projections';
import { contactsStream, foldContacts } from './contacts';
import { isoWeekOf, scheduledTimeInWeekOf, startOfIsoWeek, type IsoWeek } from './iso-week';
import { MAIL_TRANSPORT, type MailReceipt, type MailTransport } from './mail-transport';
import { digestCommitmentIds, isEmptyDigest, planDigest } from './plan-digests';
import {
  messageIdFor,
  reminderStream,
  type ReminderClaimedData,
  type ReminderFailedData,
  type LogHead,
  type ReminderSentData,
} from './reminder.events';
import {
  ReminderClaimedElsewhereError,
  foldReminder,
  nextStep,
  reminderDecider,
  startingPoint,
  type ReminderCommand,
  type ReminderState,
} from './reminder-stream';
import { contentSha256, renderDigest, type RenderedDigest } from './render-digest';
import { listReminders, type ListedReminder, type ReminderListFilter } from './reminder-outcomes';
import { CHECKPOINT_EVENT, CHECKPOINT_STREAM, type CheckpointData } from '@cosinum/integrity';

/** The actor of every event the reminders write. */
export const REMINDERS_ACTOR = { subject: 'system:reminders' };

export type RunTrigger = 'schedule' | 'start-up' | 'manual' | 'retry';

export type ReminderOutcome = {
  readonly ministry: string;
  /** Set on the outcomes of an earlier week's open claim (the run's own week otherwise). */
  readonly isoWeek?: IsoWeek;
} & (
  | {
      readonly status: 'sent';
      readonly attempt: number;
      readonly messageId: string;
      readonly recipients: readonly string[];
      readonly subject: string;
      readonly transport: 'smtp' | 'outbox';
      readonly response: string;
      /** Recipients the server refused: they did not get the digest. */
      readonly refused: readonly string[];
    }
  | {
      readonly status: 'failed';
      readonly attempt: number;
      readonly error: string;
      /** False once the attempts are spent or the refusal is permanent: an operator must look. */
      readonly willRetry: boolean;
      /** The server refused for good (SMTP 5xx): not tried again. */
      readonly permanent: boolean;
      /** When the next attempt may run (recorded in the stream, honoured by every runner). */
      readonly retryAt?: Instant;
    }
  /** A failed attempt whose backoff has not run out. */
  | { readonly status: 'waiting'; readonly retryAt: Instant }
  | { readonly status: 'already_sent'; readonly messageId: string }
  /** Another runner claimed it first, or is sending it right now. */
  | { readonly status: 'claimed_elsewhere' }
  | { readonly status: 'in_flight'; readonly leaseEndsAt: Instant }
  | { readonly status: 'gave_up'; readonly attempts: number; readonly permanent?: true }
  | { readonly status: 'nothing_to_report' }
  | { readonly status: 'no_recipients' }
  /** Sent, perhaps, but not recorded (the store failed): the stream says what to do next. */
  | { readonly status: 'error'; readonly error: string }
  /** A dry run: what this attempt would send, rendered; nothing sent, nothing written. */
  | ({
      readonly status: 'would_send';
      readonly attempt: number;
      readonly messageId: string;
      readonly recipients: readonly string[];
    } & RenderedDigest)
);

export interface RunOptions {
  /** The ISO week to run for (default: the week of the clock's now); never after the current one. */
  readonly isoWeek?: IsoWeek;
  /** Plan and render only: nothing is sent, no event is written, no follow-up is scheduled. */
  readonly dryRun?: boolean;
}

/** A week's digest of one ministry, rendered as its run builds it, without sending. */
export interface ReminderPreview {
  readonly ministry: string;
  readonly isoWeek: IsoWeek;
  /** The board's instant: the first claim's when the week's reminder was claimed already. */
  readonly asOf: Instant;
  /** Where it went or would go (the contacts registered now when not claimed yet). */
  readonly recipients: readonly string[];
  /** True when this is the message already claimed (sent, or being sent) for that week. */
  readonly claimed: boolean;
  /** Null when the ministry has nothing to report that week. */
  readonly digest: RenderedDigest | null;
}

export interface ReminderRun {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly isoWeek: IsoWeek;
  readonly asOf: Instant;
  readonly dryRun: boolean;
  readonly outcomes: readonly ReminderOutcome[];
}

/** Where the mail domain of Message-IDs comes from: the sender's address. */
const domainOf = (from: string): string => /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';

/**
 * One run: for every organisation, read its stream for the week and do what the stream says
 * (claim and send, retry, take over a stale claim, or nothing). Claims are appended with
 * `no_stream` or the exact revision read, so concurrent runners never both send a first attempt.
 * Runs of one process are serialised; failures schedule a retry run with exponential backoff.
 */
@Injectable()
export class ReminderDispatcher implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private queue: Promise<unknown> = Promise.resolve();
  private followUp?: { timer: NodeJS.Timeout; at: number };
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    private readonly projections: ProjectionService,
    private readonly queries: QueryBus,
  ) {}

  /** Reminders of weeks before `isoWeek` claimed and not sent: a start-up run takes them on. */
  openBefore(isoWeek: IsoWeek): number {
    return this.projections.reminders.openReminders().filter((r) => r.isoWeek < isoWeek).length;
  }

  /**
   * The instant a week's digests are planned at: now for the current week; for an earlier week,
   * its scheduled time (the cron's first tick that week, else its Monday 00:00 in Paris).
   */
  weekInstant(isoWeek: IsoWeek): Instant {
    const now = this.clock.now();
    if (isoWeek === isoWeekOf(now)) return now;
    if (isoWeek > isoWeekOf(now)) throw new RangeError(`${isoWeek} is after the current week`);
    const start = startOfIsoWeek(isoWeek);
    return scheduledTimeInWeekOf(this.config.reminders.cron, start) ?? start;
  }

  /**
   * Every reminder claimed (of one ministry, or all) with its outcome now (`asOf`), newest week
   * first.
   */
  list(filter: ReminderListFilter = {}): { asOf: Instant; items: ListedReminder[] } {
    const asOf = this.clock.now();
    return {
      asOf,
      items: listReminders(this.projections.reminders, filter, asOf, this.config.reminders),
    };
  }

  /** The ISO week of the clock's now. */
  currentWeek(): IsoWeek {
    return isoWeekOf(this.clock.now());
  }

  /**
   * Runs for an ISO week (default: the week of the clock's now), after any run of this process
   * under way. A dry run goes the same way up to the claim, then renders instead.
   */
  run(
    trigger: RunTrigger,
    correlationId: string = randomUUID(),
    options: RunOptions = {},
  ): Promise<ReminderRun> {
    const task = this.queue.then(() => this.runNow(trigger, correlationId, options));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private boardsAt(): (instant: Instant) => Promise<Board> {
    const boards = new Map<Instant, Promise<Board>>();
    return (instant: Instant): Promise<Board> => {
      let board = boards.get(instant);
      if (!board) {
        const moment = { asOf: instant, knownAt: instant };
        board = this.queries.execute(new GetStatusBoardQuery(moment, {}));
        boards.set(instant, board);
      }
      return board;
    };
  }

  /**
   * The digest of one ministry for a week as its run builds it: the claimed message when the
   * week's reminder was claimed, else the one a run would claim now. Sends and writes nothing.
   */
  async preview(ministry: string, isoWeek: IsoWeek): Promise<ReminderPreview> {
    await this.projections.waitFor(await this.store.headPosition());
    const boardAt = this.boardsAt();
    const events = await this.store.readStream(reminderStream(ministry, isoWeek));
    const first = events.find((e) => e.type === 'ReminderClaimed')?.data as
      ReminderClaimedData | undefined;
    if (first) {
      const { digest, rendered } = await this.renderClaim(first, boardAt);
      return {
        ministry,
        isoWeek,
        asOf: first.asOf,
        recipients: first.recipients,
        claimed: true,
        digest: isEmptyDigest(digest) && !this.config.reminders.sendEmpty ? null : rendered,
      };
    }
    const asOf = this.weekInstant(isoWeek);
    const logHead = await this.latestLogHead();
    const contacts = foldContacts(await this.store.readStream(contactsStream(ministry)));
    const digest = planDigest(await boardAt(asOf), ministry, this.planOptions(isoWeek, asOf));
    return {
      ministry,
      isoWeek,
      asOf,
      recipients: contacts.map((c) => c.email),
      claimed: false,
      digest:
        isEmptyDigest(digest) && !this.config.reminders.sendEmpty
          ? null
          : renderDigest({ ...digest, ...(logHead && { logHead }) }),
    };
  }

  private async runNow(
    trigger: RunTrigger,
    correlationId: string,
    { isoWeek: week, dryRun = false }: RunOptions,
  ): Promise<ReminderRun> {
    const now = this.clock.now();
    const isoWeek = week ?? isoWeekOf(now);
    // The week's instant: the board the digests are planned on and the claims' `asOf`.
    const asOf = this.weekInstant(isoWeek);
    const runId = randomUUID();
    // Read-your-writes: the board includes everything stored before the run started.
    await this.projections.waitFor(await this.store.headPosition());
    // The status board at (t, t): what was known at the instant a digest was first claimed.
    const boardAt = this.boardsAt();
    const logHead = await this.latestLogHead();
    const outcomes: ReminderOutcome[] = [];
    // The organisations of the day: with a chart, those existing now (a successor receives the
    // items it took over; an organisation that ended receives nothing); else the static list.
    const { chart } = this.projections.commitments;
    const codes =
      chart.size === 0
        ? ORGANISATIONS.map((o) => o.code)
        : organisationsOn(chart, { asOf, knownAt: asOf }).map((o) => o.code);
    for (const code of codes) {
      const context = { actor: REMINDERS_ACTOR, correlationId, causationId: null };
      try {
        outcomes.push(
          await this.dispatch(
            code,
            isoWeek,
            { now, asOf, dryRun },
            runId,
            boardAt,
            context,
            logHead,
          ),
        );
      } catch (error) {
        this.logger.error({ msg: 'Reminder not recorded', ministry: code, isoWeek, err: error });
        outcomes.push({ ministry: code, status: 'error', error: String(error) });
      }
    }
    // Claims of earlier weeks still without an outcome (a runner stopped over a week boundary, a
    // failure waiting for its retry): each is taken on where its stream says, never claimed anew.
    for (const open of this.projections.reminders.openReminders()) {
      if (open.isoWeek === isoWeek) continue;
      const context = { actor: REMINDERS_ACTOR, correlationId, causationId: null };
      const week = open.isoWeek as IsoWeek;
      try {
        const outcome = await this.dispatch(
          open.ministry,
          week,
          { now, asOf: now, dryRun },
          runId,
          boardAt,
          context,
          logHead,
        );
        outcomes.push({ ...outcome, isoWeek: week });
      } catch (error) {
        this.logger.error({
          msg: 'Reminder not recorded',
          ministry: open.ministry,
          isoWeek: week,
          err: error,
        });
        outcomes.push({
          ministry: open.ministry,
          isoWeek: week,
          status: 'error',
          error: String(error),
        });
      }
    }
    const run: ReminderRun = { runId, trigger, isoWeek, asOf, dryRun, outcomes };
    this.logger.log({
      msg: 'Reminder run done',
      runId,
      trigger,
      isoWeek,
      dryRun,
      ...Object.fromEntries(
        [...new Set(outcomes.map((o) => o.status))].map((s) => [
          s,
          outcomes.filter((o) => o.status === s).length,
        ]),
      ),
    });
    if (!dryRun) this.scheduleFollowUp(run);
    return run;
  }

  /** `now`: the clock's (leases, retries); `asOf`: the week's instant a new claim plans on. */
  private async dispatch(
    ministry: string,
    isoWeek: IsoWeek,
    { now, asOf, dryRun }: { now: Instant; asOf: Instant; dryRun: boolean },
    runId: string,
    boardAt: (instant: Instant) => Promise<Board>,
    context: EventContext,
    logHead: LogHead | undefined,
  ): Promise<ReminderOutcome> {
    const stream = reminderStream(ministry, isoWeek);
    const state = foldReminder(await this.store.readStream(stream));
    const step = nextStep(state, now, this.config.reminders);
    switch (step.kind) {
      case 'sent':
        return {
          ministry,
          status: 'already_sent',
          messageId: state.status === 'sent' ? state.sent.messageId : '',
        };
      case 'in_flight':
        return { ministry, status: 'in_flight', leaseEndsAt: step.leaseEndsAt };
      case 'gave_up':
        return {
          ministry,
          status: 'gave_up',
          attempts: step.attempts,
          ...(step.permanent && { permanent: true as const }),
        };
      case 'waiting':
        return { ministry, status: 'waiting', retryAt: step.retryAt };
      case 'claim': {
        const contacts = foldContacts(await this.store.readStream(contactsStream(ministry)));
        if (contacts.length === 0) return { ministry, status: 'no_recipients' };
        const digest = planDigest(await boardAt(asOf), ministry, this.planOptions(isoWeek, asOf));
        if (isEmptyDigest(digest) && !this.config.reminders.sendEmpty) {
          return { ministry, status: 'nothing_to_report' };
        }
        const claim: ReminderClaimedData = {
          ministry,
          isoWeek,
          messageId: messageIdFor(stream, domainOf(this.config.reminders.from)),
          attempt: 1,
          asOf,
          recipients: contacts.map((c) => c.email),
          ...(logHead && { logHead }),
          runId,
        };
        if (dryRun) return this.wouldSend(claim, boardAt);
        return this.claimAndSend(stream, claim, state, boardAt, context);
      }
      case 'retry': {
        if (state.status !== 'failed' && state.status !== 'in_flight')
          throw new Error('unreachable');
        if (step.takeOver) {
          this.logger.warn({
            msg: 'Taking over a claim with no outcome (its runner stopped?): same Message-ID',
            stream,
            attempt: step.attempt,
          });
        }
        const claim = { ...state.first, attempt: step.attempt, runId };
        if (dryRun) return this.wouldSend(claim, boardAt);
        return this.claimAndSend(stream, claim, state, boardAt, context);
      }
    }
  }

  /**
   * The newest signed checkpoint of the log, printed in every digest claimed by this run: each
   * ministry then holds a copy of the log's head that the store's owner cannot take back.
   */
  private async latestLogHead(): Promise<LogHead | undefined> {
    const checkpoints = await this.store.readStream(CHECKPOINT_STREAM);
    const last = checkpoints.filter((e) => e.type === CHECKPOINT_EVENT).at(-1);
    if (!last) return undefined;
    const { eventCount, globalHash, signedAt, keyId, signature } = last.data as CheckpointData;
    return { eventCount, globalHash, signedAt: signedAt as Instant, keyId, signature };
  }

  /** `at`: the board's instant, at which the ministry is named (a re-send names it the same). */
  private planOptions(isoWeek: IsoWeek, at: Instant) {
    return {
      isoWeek,
      publicUrl: this.config.reminders.publicUrl,
      names: { chart: this.projections.commitments.chart, moment: { asOf: at, knownAt: at } },
    };
  }

  /** Every reminder event goes through the command path, from a state already read. */
  private record(
    stream: string,
    command: ReminderCommand,
    from: ReminderState,
    context: EventContext,
    maxAttempts = 10,
  ) {
    return handleCommand(this.store, reminderDecider, command, {
      streamName: stream,
      context,
      now: () => this.clock.now(),
      maxAttempts,
      startFrom: () => startingPoint(from),
    });
  }

  /** Every attempt renders the board of the first claim: a re-send is the same message. */
  private async renderClaim(
    claim: ReminderClaimedData,
    boardAt: (instant: Instant) => Promise<Board>,
  ) {
    const digest = {
      ...planDigest(
        await boardAt(claim.asOf),
        claim.ministry,
        this.planOptions(claim.isoWeek, claim.asOf),
      ),
      ...(claim.logHead && { logHead: claim.logHead }),
    };
    return { digest, rendered: renderDigest(digest) };
  }

  private async wouldSend(
    claim: ReminderClaimedData,
    boardAt: (instant: Instant) => Promise<Board>,
  ): Promise<ReminderOutcome> {
    const { rendered } = await this.renderClaim(claim, boardAt);
    return {
      ministry: claim.ministry,
      status: 'would_send',
      attempt: claim.attempt,
      messageId: claim.messageId,
      recipients: claim.recipients,
      ...rendered,
    };
  }

  private async claimAndSend(
    stream: string,
    claim: ReminderClaimedData,
    read: ReminderState,
    boardAt: (instant: Instant) => Promise<Board>,
    context: EventContext,
  ): Promise<ReminderOutcome> {
    const { ministry } = claim;
    let claimed: { id: string; revision: number };
    try {
      // If another runner wrote since `read`, the claim is decided again on what it wrote: it
      // then stands only if it is still the next attempt.
      const handled = await this.record(
        stream,
        { type: 'ClaimReminder', data: claim },
        read,
        context,
        1,
      );
      claimed = { id: handled.recorded[0].id, revision: handled.streamRevision };
    } catch (error) {
      if (
        error instanceof ReminderClaimedElsewhereError ||
        error instanceof ConcurrencyConflictError
      )
        return { ministry, status: 'claimed_elsewhere' };
      throw error;
    }
    // What the stream holds once the claim is in: where the outcome is recorded from.
    const afterClaim: ReminderState =
      read.status === 'in_flight' || read.status === 'failed'
        ? {
            ...read,
            status: 'in_flight',
            revision: claimed.revision,
            attempts: claim.attempt,
            lastClaimedAt: this.clock.now(),
          }
        : {
            status: 'in_flight',
            revision: claimed.revision,
            first: claim,
            attempts: 1,
            failures: 0,
            lastClaimedAt: this.clock.now(),
          };
    const { digest, rendered } = await this.renderClaim(claim, boardAt);
    const outcomeContext = { ...context, causationId: claimed.id };
    let receipt: MailReceipt;
    try {
      receipt = await this.transport.send({
        from: this.config.reminders.from,
        replyTo: this.config.reminders.replyTo,
        to: claim.recipients,
        ...rendered,
        messageId: claim.messageId,
        date: claim.asOf,
        key: stream,
      });
    } catch (error) {
      return this.recordFailure(stream, claim, afterClaim, error, outcomeContext);
    }
    // A crash from here until ReminderSent is stored leaves a claim with no outcome: the next run
    // after the lease sends again, with the same Message-ID (at-least-once delivery).
    const sent: ReminderSentData = {
      ministry,
      isoWeek: claim.isoWeek,
      messageId: claim.messageId,
      attempt: claim.attempt,
      recipients: claim.recipients,
      subject: rendered.subject,
      transport: receipt.transport,
      response: receipt.response,
      ...(receipt.refused.length > 0 && { refused: receipt.refused }),
      sha256: contentSha256(rendered),
      commitmentIds: digestCommitmentIds(digest),
      runId: claim.runId,
    };
    // Exactly one ReminderSent per stream: if another runner took the stream over meanwhile, it
    // goes after its events unless that runner recorded one already.
    await this.record(
      stream,
      { type: 'RecordReminderSent', data: sent },
      afterClaim,
      outcomeContext,
    );
    return {
      ministry,
      status: 'sent',
      attempt: claim.attempt,
      messageId: claim.messageId,
      recipients: claim.recipients,
      subject: rendered.subject,
      transport: receipt.transport,
      response: receipt.response,
      refused: receipt.refused,
    };
  }

  private async recordFailure(
    stream: string,
    claim: ReminderClaimedData,
    afterClaim: ReminderState,
    error: unknown,
    context: EventContext,
  ): Promise<ReminderOutcome> {
    const responseCode = (error as { responseCode?: unknown }).responseCode;
    // RFC 5321 §4.2.1: 5yz is a permanent negative completion (unknown mailbox, refused by
    // policy…): the same message would be refused again. 4yz and no answer are transient.
    const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
    const { maxAttempts, retryBaseMs } = this.config.reminders;
    const willRetry = !permanent && claim.attempt < maxAttempts;
    const retryAt = willRetry
      ? (new Date(
          Date.parse(this.clock.now()) + retryBaseMs * 2 ** (claim.attempt - 1),
        ).toISOString() as Instant)
      : undefined;
    const failed: ReminderFailedData = {
      ministry: claim.ministry,
      isoWeek: claim.isoWeek,
      messageId: claim.messageId,
      attempt: claim.attempt,
      error: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
      ...(typeof responseCode === 'number' ? { responseCode } : {}),
      ...(permanent && { permanent }),
      ...(retryAt && { retryAt }),
      runId: claim.runId,
    };
    this.logger.warn({ msg: 'Reminder not sent', stream, attempt: claim.attempt, err: error });
    // Recorded only while this claim is the latest: a runner that took the stream over
    // meanwhile has the attempt that counts.
    await this.record(stream, { type: 'RecordReminderFailure', data: failed }, afterClaim, context);
    return {
      ministry: claim.ministry,
      status: 'failed',
      attempt: claim.attempt,
      error: failed.error,
      willRetry,
      permanent,
      ...(retryAt && { retryAt }),
    };
  }

  /** One timer: the earliest of the retries (exponential backoff) and the lease ends. */
  private scheduleFollowUp(run: ReminderRun): void {
    if (this.stopped) return;
    const { leaseMs } = this.config.reminders;
    const nowMs = Date.parse(this.clock.now());
    // The timer only wakes this process: the stream holds when a retry may run (`retryAt`), so
    // another runner, a manual run or a restart waits for it too.
    const delays = run.outcomes.flatMap((o) =>
      (o.status === 'failed' && o.retryAt) || o.status === 'waiting'
        ? [Math.max(0, Date.parse(o.retryAt as string) - nowMs)]
        : o.status === 'in_flight' || o.status === 'error'
          ? [leaseMs]
          : [],
    );
    if (delays.length === 0) return;
    const delay = Math.min(...delays, 86_400_000);
    const at = Date.now() + delay;
    if (this.followUp && this.followUp.at <= at) return;
    if (this.followUp) clearTimeout(this.followUp.timer);
    const timer = setTimeout(() => {
      this.followUp = undefined;
      this.run('retry').catch((error: unknown) =>
        this.logger.error({ msg: 'Reminder retry run failed', err: error }),
      );
    }, delay);
    timer.unref();
    this.followUp = { timer, at };
    this.logger.log({ msg: 'Reminder follow-up run scheduled', inMs: delay });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.followUp) clearTimeout(this.followUp.timer);
    this.followUp = undefined;
    await this.queue;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
