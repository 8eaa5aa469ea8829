/**
 * TEST SUPPORT — one catch-up subscription to `$all` as a KurrentDB v24.10 node serves it, for
 * `EsdbGrpcDouble`. From `src/EventStore.Core/Services/Transport/Enumerators/`, tag v24.10.0:
 * - Enumerator.cs L11-19: responses go to the client through a channel of 32 in `Wait` mode: the
 *   node reads ahead no further than the client takes. Here, gRPC's own flow control: `write()`
 *   answers false once the client stops reading, and the feed waits for `drain`.
 * - Enumerator.AllSubscription.cs L128-158 (MainLoop): subscribe to live events first, confirm,
 *   then catch up from the checkpoint and go live, forever; L208-273 (CatchUp): pages of the log
 *   strictly after the checkpoint; L160-166: "caught up" when live.
 * - Enumerator.cs L21-26 and Enumerator.AllSubscription.cs L279-340 (SubscribeToLive): live events
 *   wait in a channel of 32 that drops the oldest when full, numbered in sequence; L176-206
 *   (GoLive): an event at or before the checkpoint is skipped, a gap in the numbers (events
 *   dropped because the consumer was too slow) makes the node send "fell behind" (L168-174) and
 *   catch up from the log again. A slow consumer is never dropped: it falls behind and catches up.
 */
import { once } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { ReadResp, type ReadReq } from '@eventstore/db-client/generated/streams_pb';

/** Enumerator.cs L11 (`MaxLiveEventBufferCount`). */
const LIVE_BUFFER = 32;

export interface FeedEvent {
  readonly position: number;
}

export class SubscriptionFeed<Event extends FeedEvent> {
  /** Times this subscription fell behind (its consumer too slow for the live buffer). */
  fellBehind = 0;
  private readonly live: { seq: number; event: Event }[] = [];
  private lastOffered = 0;
  private checkpoint: number;
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly end: Promise<void>;

  constructor(
    readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    private readonly log: () => readonly Event[],
    after: number,
    private readonly toResp: (event: Event) => ReadResp,
  ) {
    this.checkpoint = after;
    this.end = new Promise<void>((resolve) => {
      const end = () => {
        this.ended = true;
        this.wake?.();
        resolve();
      };
      call.on('close', end);
      call.on('cancelled', end);
      call.on('error', end);
    });
  }

  /** Runs catch-up and live phases until the call ends. */
  start(): void {
    void this.run().catch(() => undefined);
  }

  /** A live event (SubscribeToLive's `StreamEventAppeared`): kept in a buffer of 32. */
  offer(event: Event): void {
    this.live.push({ seq: ++this.lastOffered, event });
    if (this.live.length > LIVE_BUFFER) this.live.shift();
    this.wake?.();
  }

  private async run(): Promise<void> {
    let lastSeq = 0;
    for (;;) {
      await this.catchUp();
      const caughtUp = new ReadResp();
      caughtUp.setCaughtUp(new ReadResp.CaughtUp());
      await this.send(caughtUp);
      lastSeq = await this.goLive(lastSeq);
      this.fellBehind++;
      const fellBehind = new ReadResp();
      fellBehind.setFellBehind(new ReadResp.FellBehind());
      await this.send(fellBehind);
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const next = this.log().find((e) => e.position > this.checkpoint);
      if (!next) return;
      await this.send(this.toResp(next));
      this.checkpoint = next.position;
    }
  }

  /** Returns the last sequence number read when a gap shows the consumer fell behind. */
  private async goLive(lastSeq: number): Promise<number> {
    for (;;) {
      const item = this.live.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        if (this.ended) throw new Error('subscription ended');
        continue;
      }
      const inSequence = item.seq === lastSeq + 1;
      lastSeq = item.seq;
      if (item.event.position <= this.checkpoint) continue;
      if (!inSequence) return lastSeq;
      await this.send(this.toResp(item.event));
      this.checkpoint = item.event.position;
    }
  }

  private async send(resp: ReadResp): Promise<void> {
    if (this.ended) throw new Error('subscription ended');
    if (this.call.write(resp)) return;
    // The client is not reading: wait until it does, or until the call ends.
    await Promise.race([once(this.call, 'drain'), this.end]);
    if (this.ended) throw new Error('subscription ended');
  }
}
