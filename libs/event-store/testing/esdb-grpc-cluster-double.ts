/**
 * TEST SUPPORT — a cluster of `EsdbGrpcDouble` nodes: gossip, one leader, followers that
 * replicate its log (and can be made to lag), a leader that crashes or resigns, and the election
 * window in between, during which the nodes answer as KurrentDB's do (esdb-node-role.ts cites
 * the controller's source, tag v24.10.0).
 *
 * Gossip: the client's `Gossip.Read` (`@eventstore/db-client/generated/gossip_grpc_pb`), answered
 * as `src/EventStore.Core/Services/Transport/Grpc/Gossip.Read.cs` L34-51 (v24.10.0) does: every
 * member with its instance id, time stamp, state, liveness and HTTP endpoint (where gRPC is
 * served too). The client 6.2.1 reads it for a connection string with several hosts
 * (`dist/Client/index.js` L93-105, `dist/Client/discovery.js` L10-46): it asks each seed in turn,
 * keeps the members alive in an allowed state (`Follower`, `Leader`, read-only replicas, L48-57)
 * and takes the leader first (L58-95); with none, it tries `maxDiscoverAttempts` (10) times
 * `discoveryInterval` (100 ms) apart, then throws a plain `Error("Failed to discover after 10
 * attempts.")` (L45). It reconnects after `UNAVAILABLE`, `CANCELLED` or `not-leader`
 * (`dist/Client/index.js` L205-243): to the leader endpoint the `not-leader` error names, else
 * by discovery again with the failed node tried last.
 *
 * Replication is immediate unless a follower is told to lag (`lag`/`catchUp`): then it serves
 * reads from a log that misses the latest events, as a follower behind its leader does. A
 * committed write is never lost by an election: the double elects a node holding the whole log
 * (KurrentDB elects among the most up-to-date nodes of a quorum). Limits: no quorum arithmetic,
 * no truncation of uncommitted writes, no read-only replicas; the nodes share one process.
 */
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { EsdbGrpcDouble, type StoredEvent } from './esdb-grpc-double';
import type { Admission } from './esdb-node-role';

type State = 'leader' | 'follower' | 'unknown';

const GOSSIP_STATE: Record<State, number> = {
  unknown: MemberInfo.VNodeState.UNKNOWN,
  follower: MemberInfo.VNodeState.FOLLOWER,
  leader: MemberInfo.VNodeState.LEADER,
};
const DOTNET_EPOCH_TICKS = 621_355_968_000_000_000n;

interface Member {
  readonly instanceId: string;
  node: EsdbGrpcDouble;
  state: State;
  /** Events the leader wrote that this (lagging) follower has not received yet. */
  backlog: { events: readonly StoredEvent[]; nextPosition: number }[] | null;
}

export class EsdbGrpcClusterDouble {
  private readonly members: Member[] = [];
  private electionTimer: NodeJS.Timeout | undefined;

  private constructor() {}

  /** Starts `size` nodes on free ports of 127.0.0.1; the first one leads. */
  static async start(size = 3): Promise<EsdbGrpcClusterDouble> {
    const cluster = new EsdbGrpcClusterDouble();
    for (let i = 0; i < size; i++) {
      const member = {
        instanceId: randomUUID(),
        state: i === 0 ? 'leader' : 'follower',
        backlog: null,
      };
      const node = await EsdbGrpcDouble.start({
        role: {
          admit: (request, requiresLeader) =>
            cluster.admit(member as Member, request, requiresLeader),
          addServices: (server) => cluster.addGossip(server),
          written: (events, nextPosition) =>
            cluster.replicate(member as Member, events as readonly StoredEvent[], nextPosition),
        },
      });
      cluster.members.push(Object.assign(member, { node }) as Member);
    }
    return cluster;
  }

  /** Every node as a gossip seed: the client discovers the leader. */
  get connectionString(): string {
    return `esdb://${this.members.map((m) => `127.0.0.1:${m.node.port}`).join(',')}?tls=false`;
  }

  get nodes(): readonly EsdbGrpcDouble[] {
    return this.members.map((m) => m.node);
  }

  get leader(): EsdbGrpcDouble | null {
    return this.members.find((m) => m.state === 'leader' && m.node.running)?.node ?? null;
  }

  /** The leader's log: every event written to the cluster, system streams included. */
  get eventCount(): number {
    return this.leader?.eventCount ?? Math.max(...this.nodes.map((n) => n.eventCount));
  }

  /**
   * The leader crashes (its connections drop, as `EsdbGrpcDouble.stop`); the others are
   * `Unknown` for `electionMs`, then `next` (default: the first live node) leads and the rest
   * follow. Resolves when the new leader is elected.
   */
  async crashLeader(options: { electionMs: number; next?: EsdbGrpcDouble }): Promise<void> {
    const old = this.requireLeader();
    await old.node.stop();
    await this.elect(old, options);
  }

  /**
   * The leader resigns (e.g. `POST /admin/node/resign`) and stays up: every node, the old
   * leader too, is `Unknown` for `electionMs`; then `next` leads and the old leader follows.
   * Connections to it stay open: a client keeps talking to a follower.
   */
  async resignLeader(options: { electionMs: number; next?: EsdbGrpcDouble }): Promise<void> {
    await this.elect(this.requireLeader(), options);
  }

  /** A stopped node comes back as a follower and receives what it missed. */
  async restart(node: EsdbGrpcDouble): Promise<void> {
    await node.restart();
    this.memberOf(node).state = 'follower';
    this.catchUp(node);
  }

  /** The follower stops receiving the leader's writes (they queue) until `catchUp`. */
  lag(node: EsdbGrpcDouble): void {
    const member = this.memberOf(node);
    if (member.state === 'leader') throw new Error('the leader cannot lag behind itself');
    member.backlog ??= [];
  }

  catchUp(node: EsdbGrpcDouble): void {
    const member = this.memberOf(node);
    const backlog = member.backlog ?? [];
    member.backlog = null;
    for (const { events, nextPosition } of backlog) node.replicate(events, nextPosition);
  }

  async stop(): Promise<void> {
    clearTimeout(this.electionTimer);
    for (const member of this.members) await member.node.stop();
  }

  // --- inside -----------------------------------------------------------------------------------

  private async elect(
    old: Member,
    options: { electionMs: number; next?: EsdbGrpcDouble },
  ): Promise<void> {
    for (const member of this.members) member.state = 'unknown';
    await new Promise<void>((resolve) => {
      this.electionTimer = setTimeout(resolve, options.electionMs);
    });
    const candidates = this.members.filter((m) => m.node.running && m !== old);
    const next = options.next ? this.memberOf(options.next) : candidates[0];
    if (!next?.node.running) throw new Error('no live node to elect');
    // The new leader holds the whole log (see the header): what it lagged behind is applied first.
    this.catchUp(next.node);
    for (const member of this.members) member.state = member === next ? 'leader' : 'follower';
  }

  private admit(
    member: Member,
    request: 'read' | 'write',
    requiresLeader: boolean,
  ): Admission<EsdbGrpcDouble> {
    if (member.state === 'leader') return { kind: 'serve' };
    const leader = this.members.find((m) => m.state === 'leader' && m.node.running);
    if (request === 'read' && !requiresLeader) return { kind: 'serve' };
    if (member.state === 'unknown' || !leader) return { kind: 'not-ready' };
    if (requiresLeader) return { kind: 'not-leader', host: '127.0.0.1', port: leader.node.port };
    return { kind: 'forward', to: leader.node };
  }

  private replicate(from: Member, events: readonly StoredEvent[], nextPosition: number): void {
    for (const member of this.members) {
      if (member === from) continue;
      // A stopped node keeps its log (durable storage) and receives the rest when restarted.
      if (member.backlog || !member.node.running) {
        (member.backlog ??= []).push({ events, nextPosition });
      } else member.node.replicate(events, nextPosition);
    }
  }

  private addGossip(server: grpc.Server): void {
    server.addService(GossipService, {
      read: (_call: unknown, callback: grpc.sendUnaryData<ClusterInfo>) =>
        callback(null, this.clusterInfo()),
    });
  }

  private clusterInfo(): ClusterInfo {
    const info = new ClusterInfo();
    const ticks = (BigInt(Date.now()) * 10_000n + DOTNET_EPOCH_TICKS).toString();
    for (const member of this.members) {
      const m = new MemberInfo();
      const id = new UUID();
      id.setString(member.instanceId);
      m.setInstanceId(id);
      m.setTimeStamp(ticks);
      m.setState(member.node.running ? GOSSIP_STATE[member.state] : MemberInfo.VNodeState.SHUTDOWN);
      m.setIsAlive(member.node.running);
      const endpoint = new EndPoint();
      endpoint.setAddress('127.0.0.1');
      endpoint.setPort(member.node.port);
      m.setHttpEndPoint(endpoint);
      info.addMembers(m);
    }
    return info;
  }

  private requireLeader(): Member {
    const leader = this.members.find((m) => m.state === 'leader' && m.node.running);
    if (!leader) throw new Error('the cluster has no leader now');
    return leader;
  }

  private memberOf(node: EsdbGrpcDouble): Member {
    const member = this.members.find((m) => m.node === node);
    if (!member) throw new Error('not a node of this cluster');
    return member;
  }
}
