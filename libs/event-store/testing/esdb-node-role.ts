/**
 * TEST SUPPORT — what a node of a cluster double answers, by its state, before it serves a
 * request; used by `EsdbGrpcDouble` (the hook) and `EsdbGrpcClusterDouble` (the states).
 *
 * All from KurrentDB's source, tag v24.10.0:
 * - `src/EventStore.Core/Services/VNode/ClusterVNodeController.cs`: the state machine.
 *   L148-154: reads are refused as "not ready" in every state but the leader, follower-like and
 *   `DiscoverLeader`/`Unknown` ones; L376-383: an election starts in `Unknown` with no leader
 *   known; L155-159: writes are refused as "not ready" in every state
 *   but `Leader`, `ResigningLeader` and the follower-like ones (so in `Unknown`, the state of
 *   every node during an election); L160-182: the leader serves reads and writes itself;
 *   L206-236 and L679-689: a non-leader serves a read itself unless the request requires the
 *   leader, when it answers "not leader" (or "not ready" while it knows no leader);
 *   L819-828: a follower forwards a write to the leader unless it requires the leader, when it
 *   answers "not leader"; L885-895: "not leader" carries the leader's advertised HTTP endpoint;
 *   L984-987: "not ready" carries nothing.
 * - `src/EventStore.Core/Services/Transport/Grpc/RpcExceptions.cs` L17-18: "not ready" is gRPC
 *   `UNAVAILABLE` "Server Is Not Ready"; L26-31: "not leader" is gRPC `NOT_FOUND` "Leader info
 *   available" with the trailers `exception: not-leader`, `leader-endpoint-host`,
 *   `leader-endpoint-port` (Constants.cs L17, L42-43); L145-163: how Append and Read turn the
 *   controller's `NotHandled` into those.
 * - `src/EventStore.Core/Services/Transport/Grpc/Streams.BatchAppend.cs` L222-233: BatchAppend
 *   answers "not ready" inside the stream, as a per-request error `Status` whose message is
 *   "Server Is Not Ready" and whose details pack `google.protobuf.Empty` (no gRPC code), but
 *   "not leader" by failing the whole call with the `NOT_FOUND` above.
 * - `src/EventStore.Core/Services/Transport/Grpc/Streams.Read.cs` L44, and ServiceBase.cs L79-85:
 *   the `requires-leader: true` header, read for stream reads, `$all` reads and subscriptions.
 */
import * as grpc from '@grpc/grpc-js';

/** What a node does with a request before serving it. */
export type Admission<Node> =
  | { readonly kind: 'serve' }
  | { readonly kind: 'forward'; readonly to: Node }
  | { readonly kind: 'not-ready' }
  | { readonly kind: 'not-leader'; readonly host: string; readonly port: number };

/** The hooks a cluster double gives each of its nodes. */
export interface NodeRole<Node> {
  readonly admit: (request: 'read' | 'write', requiresLeader: boolean) => Admission<Node>;
  /** Services a cluster node serves besides the streams (the client's gossip). */
  readonly addServices: (server: grpc.Server) => void;
  /** Events just written on this node, for the cluster to replicate. */
  readonly written: (events: readonly unknown[], nextPosition: number) => void;
}

/** ServiceBase.cs L79-85: the header, parsed as a boolean. */
export const requiresLeader = (metadata: grpc.Metadata): boolean =>
  metadata.get('requires-leader').some((v) => String(v).toLowerCase() === 'true');

/** RpcExceptions.cs L17-18. */
export const notReadyError = (): grpc.ServiceError =>
  Object.assign(new Error('Server Is Not Ready'), {
    code: grpc.status.UNAVAILABLE,
    details: 'Server Is Not Ready',
    metadata: new grpc.Metadata(),
  });

/** RpcExceptions.cs L26-31. */
export const notLeaderError = (host: string, port: number): grpc.ServiceError => {
  const metadata = new grpc.Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', host);
  metadata.set('leader-endpoint-port', String(port));
  return Object.assign(new Error('Leader info available'), {
    code: grpc.status.NOT_FOUND,
    details: 'Leader info available',
    metadata,
  });
};
