/**
 * TEST SUPPORT — a protocol-level double of a single EventStoreDB node.
 *
 * It serves the gRPC services that `@eventstore/db-client` 6.2.1 calls, built from the client
 * package's own generated definitions, so the adapter under test runs its real client code over a
 * real HTTP/2 connection: `ServerFeatures.GetSupportedMethods`, `Streams.Append`,
 * `Streams.BatchAppend`, and `Streams.Read` for stream reads, `$all` reads and catch-up
 * subscriptions (confirmation, events, `caughtUp`, then live events).
 *
 * ESDB semantics kept: stream revisions from 0; `$all` positions strictly increasing and not
 * contiguous (they grow like byte offsets), commit = prepare as for every gRPC append; expected
 * revision checks (`no_stream`, `stream_exists`, `any`, exact); the same id in another stream is
 * stored as a new event (as the server does); forward `$all` reads include the event at the given
 * position, subscriptions start strictly after it.
 *
 * Stricter than the adapter may assume (each from KurrentDB v24.10.0, cited where implemented):
 * - only record positions are positions: a `$all` read from inside a record fails (UNKNOWN
 *   "Unexpected ReadAllResult: InvalidPosition"), a subscription from one is confirmed and then
 *   fails (INVALID_ARGUMENT "Trying to read from an invalid position.").
 * - an append over MaxAppendSize (1 MiB by default, `maxAppendSize` option; the server counts the
 *   events' data bytes) is refused whole: INVALID_ARGUMENT with the `maximum-append-size-exceeded`
 *   exception on Append, the MaximumAppendSizeExceeded status on BatchAppend.
 * - idempotence is the server's, weak: a repeat at an exact expected revision (or `no_stream`) is
 *   recognised for ever; with `any` or `stream_exists` only while the ids are in a bounded cache
 *   of recent ones (`recentIdsLimit`), which a restart empties. `crashAfterNextAppendTo()` stores
 *   an append and goes down before answering it.
 * - `$all` is not only the application's: each start writes an `$epoch-information` event, and
 *   `writeEvent()` stores what other writers put there (`$stats-…`, `$$` metadata, `$>` links,
 *   another client's binary events).
 * - streams can be soft-deleted (reads answer "not found", a `$metadata` event with `$tb` goes
 *   to `$$<stream>`) or tombstoned (a `$streamDeleted` record; reads and appends get
 *   StreamDeleted). Only with `expectedRevision: any`; recreating a soft-deleted stream by an
 *   append is not modelled (UNIMPLEMENTED).
 *
 * Limits: one node (a cluster of them, with gossip and elections, is
 * esdb-grpc-cluster-double.ts; a node alone is connected to with
 * `esdb://127.0.0.1:PORT?tls=false`), memory only, no TLS, no authentication or ACLs, no
 * server-side filters or checkpoints, no link resolution, no stream metadata beyond a soft delete,
 * no scavenge, no persistent subscriptions, projections, users or operations. Subscriptions
 * follow the client's pace as the server's do (esdb-subscription-feed.ts). `stop()` drops every
 * connection like a crashed node; `restart()` serves the same data on the same port again, as a
 * node with durable storage would.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  Empty,
  AllStreamPosition,
  MaximumAppendSizeExceeded,
  StreamDeleted as SharedStreamDeleted,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion as SharedWrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { SubscriptionFeed } from './esdb-subscription-feed';
import {
  notLeaderError,
  notReadyError,
  requiresLeader,
  type Admission,
  type NodeRole,
} from './esdb-node-role';

export interface StoredEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: number;
  /** A tombstone's revision, 2^63 - 1 (EventNumber.DeletedStream): more than a number holds. */
  readonly revisionText?: string;
  readonly position: number;
  readonly type: string;
  readonly contentType: string;
  readonly createdTicks: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** `-1`: no stream; `-2`: any; `-4`: stream exists (the server's own encoding). */
type Expected = number;
const NO_STREAM = -1;
const ANY = -2;
const STREAM_EXISTS = -4;

type AppendOutcome =
  | { kind: 'written' | 'idempotent'; first: StoredEvent; last: StoredEvent }
  | { kind: 'wrong_expected_version'; current: number | null }
  | { kind: 'stream_deleted' };

/** EventNumber.DeletedStream (long.MaxValue): the tombstone's revision and a soft delete's `$tb`. */
const DELETED_STREAM = '9223372036854775807';

export interface EsdbGrpcDoubleOptions {
  /** Advertise `Streams.BatchAppend` (servers ≥ 21.10 do, and the client then uses it). */
  readonly batchAppend?: boolean;
  readonly serverVersion?: string;
  /**
   * Servers up to 21.x give events read from a stream their `$all` position; later ones send -1
   * (`false` here). Reads of `$all` and subscriptions always carry it.
   */
  readonly streamReadPositions?: boolean;
  /** A node of a cluster double (see esdb-grpc-cluster-double.ts); alone, it is the leader. */
  readonly role?: NodeRole<EsdbGrpcDouble>;
  /**
   * Bytes one append may carry (the server's MaxAppendSize): 1,048,576 by default, as
   * ClusterVNodeOptions.cs (KurrentDB v24.10.0) l. 157 sets it.
   */
  readonly maxAppendSize?: number;
  /**
   * How many recent event ids the `any` / `stream_exists` idempotence check remembers. The server
   * bounds its cache by memory (8 MiB of entries of 28 bytes and the stream id each), roughly
   * 100,000 ids of this product's streams; a test can make it small.
   */
  readonly recentIdsLimit?: number;
}

/** RpcExceptions.InvalidPositionException, KurrentDB v24.10.0 RpcExceptions.cs l. 250-251. */
const INVALID_POSITION_DETAILS = 'Trying to read from an invalid position.';

/**
 * What an event counts towards the append limit: `Event.SizeOnDisk` (Data/Event.cs v24.10.0
 * l. 23-24), `data?.Length ?? 0 + metadata?.Length ?? 0 + eventType.Length * 2`. C# binds `??`
 * looser than `+`, so with the data always present (a protobuf `bytes` field) that is the data's
 * length alone: metadata and type do not count.
 */
const sizeOnDisk = (event: ProposedEvent): number => event.data.length;

const DOTNET_EPOCH_TICKS = 621_355_968_000_000_000n;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const parseUuid = (uuid: UUID | undefined): string => {
  if (!uuid) throw new Error('missing id');
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const hex =
      BigInt.asUintN(64, BigInt(s.getMostSignificantBits())).toString(16).padStart(16, '0') +
      BigInt.asUintN(64, BigInt(s.getLeastSignificantBits())).toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
};

const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

const identifierOf = (streamName: string): StreamIdentifier => {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));
  return identifier;
};

const invalidArgument = (details: string): grpc.ServiceError =>
  Object.assign(new Error(details), {
    code: grpc.status.INVALID_ARGUMENT,
    details,
    metadata: new grpc.Metadata(),
  });

const unknown = (details: string): grpc.ServiceError =>
  Object.assign(new Error(details), {
    code: grpc.status.UNKNOWN,
    details,
    metadata: new grpc.Metadata(),
  });

/** RpcExceptions.MaxAppendSizeExceeded (RpcExceptions.cs v24.10.0 l. 130-136), for Append. */
const maxAppendSizeExceeded = (maxAppendSize: number): grpc.ServiceError => {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(maxAppendSize));
  const details = `Maximum Append Size of ${maxAppendSize} Exceeded.`;
  return Object.assign(new Error(details), {
    code: grpc.status.INVALID_ARGUMENT,
    details,
    metadata,
  });
};

/**
 * RpcExceptions.StreamDeleted (RpcExceptions.cs v24.10.0 l. 68-73): what a read of, or an Append
 * to, a tombstoned stream gets (Streams.Read.cs l. 313-314, Streams.Append.cs l. 181-182).
 */
const streamDeletedError = (streamName: string): grpc.ServiceError => {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'stream-deleted');
  metadata.set('stream-name', streamName);
  const details = `Event stream '${streamName}' is deleted.`;
  return Object.assign(new Error(details), {
    code: grpc.status.FAILED_PRECONDITION,
    details,
    metadata,
  });
};

interface PositionMessage<P> {
  setCommitPosition(value: string): P;
  setPreparePosition(value: string): P;
}

/** A Delete or Tombstone answer: the position written (commit = prepare, as for every write). */
const positionResp = <P extends PositionMessage<P>, R extends { setPosition(value?: P): R }>(
  Resp: new () => R,
  Position: new () => P,
  at: number,
): R =>
  new Resp().setPosition(
    new Position().setCommitPosition(String(at)).setPreparePosition(String(at)),
  );

const unimplemented = (details: string): grpc.ServiceError =>
  Object.assign(new Error(details), {
    code: grpc.status.UNIMPLEMENTED,
    details,
    metadata: new grpc.Metadata(),
  });

export class EsdbGrpcDouble {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly live = new Set<SubscriptionFeed<StoredEvent>>();
  private fellBehindBefore = 0;
  /** Streams deleted: soft (`$tb` set in their metadata stream) or tombstoned (hard). */
  private readonly deleted = new Map<string, 'soft' | 'tombstone'>();
  /** The server's `_committedEvents`: recent event ids, oldest out, lost on restart. */
  private readonly recentIds = new Map<string, { streamName: string; revision: number }>();
  private readonly recentIdsLimit: number;
  private crashAfterAppendTo: string | undefined;
  private epochNumber = -1;
  /** Where each record of the log starts: the only positions a `$all` read may start from. */
  private readonly recordPositions = new Set<number>();
  private nextPosition = 1024;
  private subscriptionsStarted = 0;
  private server: grpc.Server | null = null;
  private readonly batchAppend: boolean;
  private readonly serverVersion: string;
  private readonly streamReadPositions: boolean;
  private readonly role: NodeRole<EsdbGrpcDouble> | undefined;
  private readonly maxAppendSize: number;

  private constructor(
    readonly port: number,
    options: EsdbGrpcDoubleOptions,
  ) {
    this.batchAppend = options.batchAppend ?? true;
    this.serverVersion = options.serverVersion ?? '23.10.0';
    this.streamReadPositions = options.streamReadPositions ?? true;
    this.role = options.role;
    this.maxAppendSize = options.maxAppendSize ?? 1_048_576;
    this.recentIdsLimit = options.recentIdsLimit ?? 100_000;
  }

  /** Starts a node on a free port of 127.0.0.1. */
  static async start(options: EsdbGrpcDoubleOptions = {}): Promise<EsdbGrpcDouble> {
    const double = new EsdbGrpcDouble(await freePort(), options);
    await double.listen();
    return double;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Every event stored, system streams included, in `$all` order (for assertions). */
  get eventCount(): number {
    return this.log.length;
  }

  /** How many subscriptions were confirmed since the start (a resubscription counts again). */
  get subscriptionCount(): number {
    return this.subscriptionsStarted;
  }

  /** How many times a subscription fell behind, its consumer too slow for the live buffer. */
  get subscriptionsFellBehind(): number {
    return [...this.live].reduce((n, feed) => n + feed.fellBehind, this.fellBehindBefore);
  }

  /** Drops every connection and stops listening, like a node that crashes. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const subscriber of this.live) subscriber.call.destroy();
    this.live.clear();
    server.forceShutdown();
  }

  /**
   * Stops, then serves the same data on the same port again; what the node held in memory only
   * (the recent event ids of its idempotence check) is gone.
   */
  async restart(): Promise<void> {
    await this.stop();
    this.recentIds.clear();
    await this.listen();
  }

  /**
   * The next append to `streamName` is written, then the node crashes before it answers and comes
   * back at once (`restart()`): the client sees the connection drop and cannot know whether the
   * append was stored.
   */
  /** How many times the node started (its epochs). */
  get starts(): number {
    return this.epochNumber + 1;
  }

  crashAfterNextAppendTo(streamName: string): void {
    this.crashAfterAppendTo = streamName;
  }

  /** Whether an append just written must be left unanswered: the node goes down instead. */
  private crashesAfter(streamName: string): boolean {
    if (this.crashAfterAppendTo !== streamName) return false;
    this.crashAfterAppendTo = undefined;
    void this.restart();
    return true;
  }

  private async listen(): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (
        call: grpc.ServerReadableStream<AppendReq, AppendResp>,
        callback: grpc.sendUnaryData<AppendResp>,
      ) => this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) =>
        this.batchAppendCall(call),
      delete: (
        call: grpc.ServerUnaryCall<DeleteReq, DeleteResp>,
        callback: grpc.sendUnaryData<DeleteResp>,
      ) => {
        const outcome = this.deleteStream(false, call.request.getOptions());
        if (typeof outcome !== 'number') callback(outcome);
        else callback(null, positionResp(DeleteResp, DeleteResp.Position, outcome));
      },
      tombstone: (
        call: grpc.ServerUnaryCall<TombstoneReq, TombstoneResp>,
        callback: grpc.sendUnaryData<TombstoneResp>,
      ) => {
        const outcome = this.deleteStream(true, call.request.getOptions());
        if (typeof outcome !== 'number') callback(outcome);
        else callback(null, positionResp(TombstoneResp, TombstoneResp.Position, outcome));
      },
    });
    this.role?.addServices(server);
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) =>
        callback(null, this.supportedMethods()),
    });
    // A restarted node can find its port briefly held by the connections just dropped.
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) =>
          server.bindAsync(
            `127.0.0.1:${this.port}`,
            grpc.ServerCredentials.createInsecure(),
            (error) => (error ? reject(error) : resolve()),
          ),
        );
        break;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    this.server = server;
    this.writeEpoch();
  }

  /**
   * Each start of a node begins an epoch, and EpochManager.WriteEpochInformationWithRetry
   * (Services/Storage/EpochManager/EpochManager.cs v24.10.0 l. 337-355) writes it to the log as a
   * JSON event of type `$epoch-information` in the stream `$epoch-information`
   * (SystemNames.cs l. 32, 89): every `$all` reader meets one at the start of the log and after
   * each restart.
   */
  private writeEpoch(): void {
    this.epochNumber++;
    const position = this.nextPosition;
    this.writeEvent({
      streamName: '$epoch-information',
      type: '$epoch-information',
      data: JSON.stringify({
        EpochPosition: position,
        EpochNumber: this.epochNumber,
        EpochId: randomUUID(),
        PrevEpochPosition: this.epochNumber === 0 ? -1 : position,
        TimeStamp: new Date().toISOString(),
        LeaderInstanceId: '00000000-0000-0000-0000-000000000000',
      }),
    });
  }

  /**
   * Writes an event as another writer would, whatever its stream's revision: a system event
   * (stats with `EVENTSTORE_STATS_STORAGE=Stream`, a projection's `$>` link, whose data is
   * `<revision>@<stream>` and which is not JSON), or another application's event in any content
   * type. Returns its `$all` position.
   */
  writeEvent(event: {
    streamName: string;
    type: string;
    data: string | Uint8Array;
    contentType?: string;
  }): number {
    return this.writeRecord(event);
  }

  /** Stores a record at the end of the log; a tombstone takes no revision in its stream. */
  private writeRecord(
    event: { streamName: string; type: string; data: string | Uint8Array; contentType?: string },
    tombstone = false,
  ): number {
    const stream = this.streams.get(event.streamName) ?? [];
    const data = typeof event.data === 'string' ? Buffer.from(event.data, 'utf8') : event.data;
    const stored: StoredEvent = {
      id: randomUUID(),
      streamName: event.streamName,
      revision: tombstone ? Number.MAX_SAFE_INTEGER : stream.length,
      ...(tombstone && { revisionText: DELETED_STREAM }),
      position: this.nextPosition,
      type: event.type,
      contentType:
        event.contentType ?? (tombstone ? 'application/octet-stream' : 'application/json'),
      createdTicks: (BigInt(Date.now()) * 10_000n + DOTNET_EPOCH_TICKS).toString(),
      data,
      customMetadata: new Uint8Array(),
    };
    this.nextPosition += 128 + data.length;
    if (!tombstone) {
      stream.push(stored);
      this.streams.set(event.streamName, stream);
    }
    this.log.push(stored);
    this.recordPositions.add(stored.position);
    this.publish(stored);
    return stored.position;
  }

  private supportedMethods(): SupportedMethods {
    const methods = new SupportedMethods();
    methods.setEventStoreServerVersion(this.serverVersion);
    const method = (service: string, name: string, features: string[] = []) => {
      const m = new SupportedMethod();
      m.setServiceName(service);
      m.setMethodName(name);
      m.setFeaturesList(features);
      return m;
    };
    const streams = 'event_store.client.streams.streams';
    const list = [
      method(streams, 'read', ['position', 'events', 'subscriptions']),
      method(streams, 'append'),
    ];
    if (this.batchAppend) list.push(method(streams, 'batchappend'));
    list.push(method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'));
    methods.setMethodsList(list);
    return methods;
  }

  // --- cluster ---------------------------------------------------------------------------------

  /** A follower receives the leader's events as they were written there (same positions). */
  replicate(events: readonly StoredEvent[], nextPosition: number): void {
    for (const event of events) {
      const stream = this.streams.get(event.streamName) ?? [];
      stream.push(event);
      this.streams.set(event.streamName, stream);
      this.log.push(event);
      this.recordPositions.add(event.position);
      this.publish(event);
    }
    this.nextPosition = Math.max(this.nextPosition, nextPosition);
  }

  private admit(request: 'read' | 'write', metadata: grpc.Metadata): Admission<EsdbGrpcDouble> {
    return this.role?.admit(request, requiresLeader(metadata)) ?? { kind: 'serve' };
  }

  // --- deletes -------------------------------------------------------------------------------

  /**
   * Soft delete (Streams.Delete): StorageWriterService.cs (v24.10.0) l. 486-509 writes
   * `{"$tb": long.MaxValue}` as a `$metadata` event to the stream's metadata stream `$$<name>`, and
   * refuses a stream that does not exist (l. 491-496); the events stay in `$all`, and a read of
   * the stream answers "not found" (IndexReader.cs l. 239-241).
   * Hard delete (Streams.Tombstone): l. 477-485 write a tombstone record, type `$streamDeleted`,
   * in the stream itself at revision long.MaxValue; from then on reads and appends get
   * StreamDeleted (IndexReader.cs l. 236-238, RpcExceptions.cs l. 68-73).
   * Both only with `expectedRevision: any`. Answers the `$all` position written, or an error.
   */
  private deleteStream(
    hard: boolean,
    options: DeleteReq.Options | TombstoneReq.Options | undefined,
  ): grpc.ServiceError | number {
    if (!options?.hasAny()) return unimplemented('the double deletes with `any` only');
    const streamName = streamNameOf(options.getStreamIdentifier());
    if (this.deleted.get(streamName) === 'tombstone') return streamDeletedError(streamName);
    if (!hard && !this.streams.get(streamName)?.length)
      return unimplemented('deleting a stream that does not exist');
    this.deleted.set(streamName, hard ? 'tombstone' : 'soft');
    return hard
      ? this.writeRecord({ streamName, type: '$streamDeleted', data: '' }, true)
      : this.writeRecord({
          streamName: `$$${streamName}`,
          type: '$metadata',
          data: `{"$tb":${DELETED_STREAM}}`,
        });
  }

  // --- appends -------------------------------------------------------------------------------

  private appendEvents(
    streamName: string,
    expected: Expected,
    events: ProposedEvent[],
  ): AppendOutcome {
    if (this.deleted.get(streamName) === 'tombstone') return { kind: 'stream_deleted' };
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length === 0 ? null : stream.length - 1;
    const repeat = this.idempotentRepeat(streamName, stream, expected, events);
    if (repeat) return repeat;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === null) ||
      (expected === STREAM_EXISTS && current !== null) ||
      (expected >= 0 && current === expected);
    if (!ok) return { kind: 'wrong_expected_version', current };
    if (events.length === 0) {
      const last = stream[stream.length - 1];
      return last
        ? { kind: 'idempotent', first: last, last }
        : { kind: 'wrong_expected_version', current };
    }
    const now = BigInt(Date.now()) * 10_000n + DOTNET_EPOCH_TICKS;
    const written: StoredEvent[] = events.map((event, i) => {
      const position = this.nextPosition;
      this.nextPosition += 128 + event.data.length + event.customMetadata.length;
      return {
        ...event,
        streamName,
        revision: stream.length + i,
        position,
        createdTicks: now.toString(),
      };
    });
    stream.push(...written);
    this.streams.set(streamName, stream);
    this.log.push(...written);
    for (const event of written) {
      this.recordPositions.add(event.position);
      this.remember(event);
    }
    for (const event of written) this.publish(event);
    this.role?.written(written, this.nextPosition);
    return { kind: 'written', first: written[0], last: written[written.length - 1] };
  }

  /**
   * The server's idempotence, IndexWriter.CheckCommit (Services/Storage/ReaderIndex/IndexWriter.cs
   * v24.10.0 l. 177-275), which is two different guarantees:
   * - an exact expected revision (or `no_stream`) below the stream's: the proposed ids are
   *   compared with the events stored right after it, read from the index (l. 234-259). This
   *   holds for ever, across restarts.
   * - `any` or `stream_exists`: the ids are looked up in `_committedEvents` only (l. 202-215), a
   *   BoundedCache of recent commits (l. 109-110, ESConsts.CommitedEventsMemCacheLimit = 8 MiB of
   *   entries, ESConsts.cs l. 14) held in memory: an id it has forgotten, or any id after a
   *   restart, is not recognised and the events are written again.
   * A batch only partly recognised (the server's CorruptedIdempotency) is not modelled.
   */
  private idempotentRepeat(
    streamName: string,
    stream: StoredEvent[],
    expected: Expected,
    events: ProposedEvent[],
  ): AppendOutcome | null {
    if (events.length === 0) return null;
    let start: number;
    if (expected >= 0 || expected === NO_STREAM) start = expected + 1;
    else {
      const remembered = this.recentIds.get(events[0].id);
      if (!remembered || remembered.streamName !== streamName) return null;
      if (events.some((e) => this.recentIds.get(e.id)?.streamName !== streamName)) return null;
      start = remembered.revision;
    }
    if (start < 0 || start + events.length > stream.length) return null;
    for (let i = 0; i < events.length; i++) {
      if (stream[start + i].id !== events[i].id) return null;
    }
    return { kind: 'idempotent', first: stream[start], last: stream[start + events.length - 1] };
  }

  /** IndexWriter.cs (v24.10.0) l. 305, 335: each committed event goes into the bounded cache. */
  private remember(event: StoredEvent): void {
    this.recentIds.delete(event.id);
    this.recentIds.set(event.id, { streamName: event.streamName, revision: event.revision });
    if (this.recentIds.size > this.recentIdsLimit)
      this.recentIds.delete(this.recentIds.keys().next().value as string);
  }

  private append(
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let failed = false;
    let size = 0;
    call.on('data', (req: AppendReq) => {
      if (failed) return;
      if (req.hasOptions()) options = req.getOptions();
      else if (req.hasProposedMessage()) {
        const m = req.getProposedMessage()!;
        const event: ProposedEvent = {
          id: parseUuid(m.getId()),
          type: m.getMetadataMap().get('type') ?? '',
          contentType: m.getMetadataMap().get('content-type') ?? 'application/octet-stream',
          data: m.getData_asU8(),
          customMetadata: m.getCustomMetadata_asU8(),
        };
        events.push(event);
        // Streams.Append.cs (v24.10.0) l. 74-77: counted as each event arrives, refused at once.
        size += sizeOnDisk(event);
        if (size > this.maxAppendSize) {
          failed = true;
          callback(maxAppendSizeExceeded(this.maxAppendSize));
        }
      }
    });
    call.on('error', () => {
      failed = true;
    });
    call.on('end', () => {
      if (failed) return;
      if (!options) return callback(invalidArgument('append without options'));
      const admission = this.admit('write', call.metadata);
      if (admission.kind === 'not-ready') return callback(notReadyError());
      if (admission.kind === 'not-leader') {
        return callback(notLeaderError(admission.host, admission.port));
      }
      const node = admission.kind === 'forward' ? admission.to : this;
      const expected = options.hasRevision()
        ? Number(options.getRevision())
        : options.hasNoStream()
          ? NO_STREAM
          : options.hasStreamExists()
            ? STREAM_EXISTS
            : ANY;
      const streamName = streamNameOf(options.getStreamIdentifier());
      if (node.deleted.get(streamName) === 'soft')
        return callback(unimplemented('appending to a soft-deleted stream (recreating it)'));
      const outcome = node.appendEvents(streamName, expected, events);
      if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(streamName));
      if (outcome.kind === 'written' && node.crashesAfter(streamName)) return;
      const resp = new AppendResp();
      if (outcome.kind === 'wrong_expected_version') {
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.current === null) wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(String(outcome.current));
        if (expected >= 0) wrong.setExpectedRevision(String(expected));
        else if (expected === NO_STREAM) wrong.setExpectedNoStream(new Empty());
        else if (expected === STREAM_EXISTS) wrong.setExpectedStreamExists(new Empty());
        else wrong.setExpectedAny(new Empty());
        resp.setWrongExpectedVersion(wrong);
      } else {
        const success = new AppendResp.Success();
        success.setCurrentRevision(String(outcome.last.revision));
        if (outcome.kind === 'idempotent') success.setNoPosition(new Empty());
        else {
          const position = new AppendResp.Position();
          position.setCommitPosition(String(outcome.last.position));
          position.setPreparePosition(String(outcome.first.position));
          success.setPosition(position);
        }
        resp.setSuccess(success);
      }
      callback(null, resp);
    });
  }

  private batchAppendCall(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<
      string,
      { options: BatchAppendReq.Options | undefined; events: ProposedEvent[]; size: number }
    >();
    // Requests refused for their size: their later chunks are dropped, as the server drops them.
    const refused = new Set<string>();
    call.on('error', () => undefined);
    call.on('end', () => call.end());
    call.on('data', (req: BatchAppendReq) => {
      const correlation = parseUuid(req.getCorrelationId());
      if (refused.has(correlation)) return;
      const batch = pending.get(correlation) ?? { options: undefined, events: [], size: 0 };
      pending.set(correlation, batch);
      if (req.hasOptions()) batch.options = req.getOptions();
      for (const m of req.getProposedMessagesList()) {
        const event: ProposedEvent = {
          id: parseUuid(m.getId()),
          type: m.getMetadataMap().get('type') ?? '',
          contentType: m.getMetadataMap().get('content-type') ?? 'application/octet-stream',
          data: m.getData_asU8(),
          customMetadata: m.getCustomMetadata_asU8(),
        };
        batch.events.push(event);
        batch.size += sizeOnDisk(event);
      }
      if (batch.size > this.maxAppendSize) {
        // Streams.BatchAppend.cs (v24.10.0) l. 191-199: the request is dropped and answered with
        // Status.MaximumAppendSizeExceeded (Status.cs l. 52-59: INVALID_ARGUMENT, the limit in
        // the details) as soon as its chunks pass the limit, final or not.
        pending.delete(correlation);
        refused.add(correlation);
        const exceeded = new MaximumAppendSizeExceeded();
        exceeded.setMaxappendsize(this.maxAppendSize);
        const details = new Any();
        details.pack(exceeded.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded');
        const status = new Status();
        status.setCode(Code.INVALID_ARGUMENT);
        status.setMessage('MaximumAppendSizeExceeded');
        status.setDetails(details);
        const resp = new BatchAppendResp();
        resp.setCorrelationId(req.getCorrelationId());
        if (batch.options) resp.setStreamIdentifier(batch.options.getStreamIdentifier());
        resp.setError(status);
        call.write(resp);
        return;
      }
      if (!req.getIsFinal()) return;
      pending.delete(correlation);
      const options = batch.options;
      const resp = new BatchAppendResp();
      resp.setCorrelationId(req.getCorrelationId());
      const admission = this.admit('write', call.metadata);
      if (admission.kind === 'not-leader') {
        return void call.emit('error', notLeaderError(admission.host, admission.port));
      }
      if (admission.kind === 'not-ready') {
        // In the stream, with no code: Streams.BatchAppend.cs L222-233 (see esdb-node-role.ts).
        const status = new Status();
        status.setMessage('Server Is Not Ready');
        const details = new Any();
        details.pack(new GoogleEmpty().serializeBinary(), 'google.protobuf.Empty');
        status.setDetails(details);
        resp.setStreamIdentifier(options?.getStreamIdentifier() ?? identifierOf(''));
        resp.setError(status);
        return void call.write(resp);
      }
      const node = admission.kind === 'forward' ? admission.to : this;
      if (!options) {
        const status = new Status();
        status.setCode(Code.INVALID_ARGUMENT);
        status.setMessage('batch append without options');
        resp.setError(status);
        call.write(resp);
        return;
      }
      const streamName = streamNameOf(options.getStreamIdentifier());
      const expected = options.hasStreamPosition()
        ? Number(options.getStreamPosition())
        : options.hasNoStream()
          ? NO_STREAM
          : options.hasStreamExists()
            ? STREAM_EXISTS
            : ANY;
      resp.setStreamIdentifier(identifierOf(streamName));
      if (expected >= 0) resp.setStreamPosition(String(expected));
      else if (expected === NO_STREAM) resp.setNoStream(new GoogleEmpty());
      else if (expected === STREAM_EXISTS) resp.setStreamExists(new GoogleEmpty());
      else resp.setAny(new GoogleEmpty());
      if (node.deleted.get(streamName) === 'soft') {
        const status = new Status();
        status.setCode(Code.UNIMPLEMENTED);
        status.setMessage('appending to a soft-deleted stream (recreating it)');
        resp.setError(status);
        call.write(resp);
        return;
      }
      const outcome = node.appendEvents(streamName, expected, batch.events);
      if (outcome.kind === 'written' && node.crashesAfter(streamName)) return;
      if (outcome.kind === 'stream_deleted') {
        // Streams.BatchAppend.cs (v24.10.0) l. 250-251: Status.StreamDeleted (Status.cs l. 20-26).
        const deletedDetails = new SharedStreamDeleted();
        deletedDetails.setStreamIdentifier(identifierOf(streamName));
        const details = new Any();
        details.pack(deletedDetails.serializeBinary(), 'event_store.client.StreamDeleted');
        const status = new Status();
        status.setCode(Code.NOT_FOUND);
        status.setMessage('StreamDeleted');
        status.setDetails(details);
        resp.setError(status);
      } else if (outcome.kind === 'wrong_expected_version') {
        const wrong = new SharedWrongExpectedVersion();
        if (outcome.current === null) wrong.setCurrentNoStream(new GoogleEmpty());
        else wrong.setCurrentStreamRevision(String(outcome.current));
        if (expected >= 0) wrong.setExpectedStreamPosition(String(expected));
        else if (expected === NO_STREAM) wrong.setExpectedNoStream(new GoogleEmpty());
        else if (expected === STREAM_EXISTS) wrong.setExpectedStreamExists(new GoogleEmpty());
        else wrong.setExpectedAny(new GoogleEmpty());
        const details = new Any();
        details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
        const status = new Status();
        status.setCode(Code.FAILED_PRECONDITION);
        status.setMessage(`WrongExpectedVersion for stream ${streamName}`);
        status.setDetails(details);
        resp.setError(status);
      } else {
        const success = new BatchAppendResp.Success();
        success.setCurrentRevision(String(outcome.last.revision));
        if (outcome.kind === 'idempotent') success.setNoPosition(new GoogleEmpty());
        else {
          const position = new AllStreamPosition();
          position.setCommitPosition(String(outcome.last.position));
          position.setPreparePosition(String(outcome.first.position));
          success.setPosition(position);
        }
        resp.setSuccess(success);
      }
      call.write(resp);
    });
  }

  // --- reads and subscriptions ---------------------------------------------------------------

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    if (!options) return void call.emit('error', invalidArgument('read without options'));
    const admission = this.admit('read', call.metadata);
    if (admission.kind === 'not-ready') return void call.emit('error', notReadyError());
    if (admission.kind === 'not-leader') {
      return void call.emit('error', notLeaderError(admission.host, admission.port));
    }
    if (options.hasFilter()) {
      return void call.emit(
        'error',
        unimplemented('server-side filters are not supported by the double'),
      );
    }
    const structured = options.getUuidOption()?.hasStructured() ?? false;
    const send = (event: StoredEvent, withPosition: boolean) =>
      call.write(this.readResp(event, withPosition, structured));
    call.on('error', () => undefined);

    if (options.hasSubscription()) {
      if (!options.hasAll()) {
        return void call.emit(
          'error',
          unimplemented('stream subscriptions are not supported by the double'),
        );
      }
      const all = options.getAll()!;
      const head = this.log.length ? this.log[this.log.length - 1].position : 0;
      // A subscription starts strictly after its position; `end` means: only what comes next.
      const after = all.hasStart()
        ? -1
        : all.hasEnd()
          ? head
          : Number(all.getPosition()!.getCommitPosition());
      const confirmation = new ReadResp();
      const confirmed = new ReadResp.SubscriptionConfirmation();
      confirmed.setSubscriptionId(randomUUID());
      confirmation.setConfirmation(confirmed);
      call.write(confirmation);
      this.subscriptionsStarted++;
      // Confirmed first, then the catch-up read fails: Enumerator.AllSubscription.cs (v24.10.0)
      // goes live at once from a checkpoint at or past the head (l. 143-144), otherwise catches up
      // with forward reads that end in ReadResponseException.InvalidPosition (l. 264-265), which
      // Streams.Read.cs sends as RpcExceptions.InvalidPositionException (l. 319-320).
      if (after >= 0 && after < head && !this.isRecordBoundary(after)) {
        return void call.emit('error', invalidArgument(INVALID_POSITION_DETAILS));
      }
      // Catch-up, "caught up", live; backpressure, falling behind: esdb-subscription-feed.ts.
      const feed = new SubscriptionFeed(
        call,
        () => this.log,
        after,
        (event: StoredEvent) => this.readResp(event, true, structured),
      );
      this.live.add(feed);
      const drop = () => {
        if (this.live.delete(feed)) this.fellBehindBefore += feed.fellBehind;
      };
      call.on('cancelled', drop);
      call.on('close', drop);
      feed.start();
      return;
    }

    const count = Number(options.getCount() || '0');
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    let selected: StoredEvent[];
    if (options.hasStream()) {
      const streamOptions = options.getStream()!;
      const streamName = streamNameOf(streamOptions.getStreamIdentifier());
      const deleted = this.deleted.get(streamName);
      if (deleted === 'tombstone') return void call.emit('error', streamDeletedError(streamName));
      const stream = deleted === 'soft' ? undefined : this.streams.get(streamName);
      if (!stream) {
        const resp = new ReadResp();
        const notFound = new ReadResp.StreamNotFound();
        notFound.setStreamIdentifier(identifierOf(streamName));
        resp.setStreamNotFound(notFound);
        call.write(resp);
        call.end();
        return;
      }
      const from = streamOptions.hasStart()
        ? backwards
          ? -1
          : 0
        : streamOptions.hasEnd()
          ? backwards
            ? stream.length - 1
            : stream.length
          : Number(streamOptions.getRevision());
      selected = backwards
        ? stream.filter((e) => e.revision <= from).reverse()
        : stream.filter((e) => e.revision >= from);
    } else {
      const all = options.getAll()!;
      if (all.hasPosition()) {
        const position = Number(all.getPosition()!.getCommitPosition());
        if (!this.isRecordBoundary(position)) {
          // Enumerator.ReadAll{Forwards,Backwards}.cs (v24.10.0, l. 122-123 / 126-127) have no
          // case for ReadAllResult.InvalidPosition: it goes out as ReadResponseException
          // .UnknownError, i.e. RpcExceptions.UnknownError: StatusCode.Unknown,
          // "Unexpected ReadAllResult: InvalidPosition" (RpcExceptions.cs l. 52-53).
          return void call.emit('error', unknown('Unexpected ReadAllResult: InvalidPosition'));
        }
      }
      if (backwards) {
        // Backwards from a position: the events strictly before it.
        const before = all.hasPosition()
          ? Number(all.getPosition()!.getCommitPosition())
          : all.hasStart()
            ? -1
            : Number.POSITIVE_INFINITY;
        selected = this.log.filter((e) => e.position < before).reverse();
      } else {
        // Forwards from a position: that event included.
        const from = all.hasPosition()
          ? Number(all.getPosition()!.getCommitPosition())
          : all.hasEnd()
            ? Number.POSITIVE_INFINITY
            : -1;
        selected = this.log.filter((e) => e.position >= from);
      }
    }
    for (const event of selected.slice(0, count)) send(event, options.hasAll());
    call.end();
  }

  /**
   * Whether a `$all` read may start at this position. The server reads the record found there
   * (TFChunkReadSide.cs v24.10.0 l. 618-640: length prefix, record, suffix, each checked) and any
   * position that is not the start of a record fails with InvalidReadException, which
   * StorageReaderWorker.cs (l. 441-443, 479-481) answers with ReadAllResult.InvalidPosition. The
   * start of the log is a record start; a position past the last record reads as the end of the
   * log (AllReader.cs l. 84-87) forwards, and the end of the log is the start of the next record.
   */
  private isRecordBoundary(position: number): boolean {
    if (position === 0 || position >= this.nextPosition) return true;
    return this.recordPositions.has(position);
  }

  private publish(event: StoredEvent): void {
    for (const feed of this.live) feed.offer(event);
  }

  private readResp(event: StoredEvent, withPosition: boolean, structuredId: boolean): ReadResp {
    const recorded = new ReadResp.ReadEvent.RecordedEvent();
    const id = new UUID();
    if (structuredId) {
      const hex = event.id.replace(/-/g, '');
      const structured = new UUID.Structured();
      structured.setMostSignificantBits(
        BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString(),
      );
      structured.setLeastSignificantBits(
        BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString(),
      );
      id.setStructured(structured);
    } else {
      id.setString(event.id);
    }
    recorded.setId(id);
    recorded.setStreamIdentifier(identifierOf(event.streamName));
    recorded.setStreamRevision(event.revisionText ?? String(event.revision));
    const known = withPosition || this.streamReadPositions;
    recorded.setPreparePosition(known ? String(event.position) : '18446744073709551615');
    recorded.setCommitPosition(known ? String(event.position) : '18446744073709551615');
    recorded.getMetadataMap().set('type', event.type);
    recorded.getMetadataMap().set('content-type', event.contentType);
    recorded.getMetadataMap().set('created', event.createdTicks);
    recorded.setData(event.data);
    recorded.setCustomMetadata(event.customMetadata);
    const readEvent = new ReadResp.ReadEvent();
    readEvent.setEvent(recorded);
    if (withPosition) readEvent.setCommitPosition(String(event.position));
    else readEvent.setNoPosition(new Empty());
    const resp = new ReadResp();
    resp.setEvent(readEvent);
    return resp;
  }
}
