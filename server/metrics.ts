import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GatewayServer } from './gateway/connection';
import type { Logger } from './logger';
import type { StoreObserver } from './store/observer';
import { CastOutcomes } from './cast-outcomes';
import type { ClosedEarly } from './http/open-connections';

/**
 * What an operator watches during a live session, in the Prometheus text format (prom-client).
 * Served on its own port (METRICS_PORT, bound to METRICS_HOST, default 127.0.0.1), never through
 * the hall's proxy: the figures name meetings and say how many tablets are connected, which is
 * staff information, and a scrape must not compete with tablets for the app's port.
 *
 * Nothing here carries a choice, a seat or a person: counts and latencies only.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Every vote is counted here: plain numbers per outcome, printed at scrape time (cast-outcomes.ts). */
  private readonly casts = new CastOutcomes(
    'biaojue_casts_total',
    'Casts answered, by outcome (recorded, duplicate, or the refusal code)',
    'biaojue_cast_ack_seconds',
    'From a cast reaching the server to its ack (durable when recorded)',
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  private readonly fsyncBatch: Histogram;
  private readonly journalSync: Histogram;
  private readonly redisRoundTrip: Histogram<'op'>;
  private readonly redisWait: Histogram;
  private readonly aofRewritesLeft: Gauge;
  private readonly closedEarly: Counter<'reason'>;
  private io: GatewayServer | null = null;

  constructor(nodeId: string) {
    this.registry.setDefaultLabels({ node: nodeId });
    // Process CPU, memory, GC and event-loop delay (nodejs_eventloop_lag_*).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.casts.registerIn(this.registry);
    this.fsyncBatch = new Histogram({
      name: 'biaojue_journal_batch_requests',
      help: 'Requests (votes and command appends) per group-commit batch of the file journal (one fsync each)',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers: [this.registry],
    });
    this.journalSync = new Histogram({
      name: 'biaojue_journal_sync_seconds',
      help: 'Write and fdatasync of one group-commit batch of the file journal (on its own thread: the disk\'s share of an ack)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.redisRoundTrip = new Histogram({
      name: 'biaojue_redis_seconds',
      help: 'Redis round trips of the store, by operation',
      labelNames: ['op'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.redisWait = new Histogram({
      name: 'biaojue_redis_replica_wait_seconds',
      help: 'WAIT for a replica after a write script (Sentinel deployments)',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.aofRewritesLeft = new Gauge({
      name: 'biaojue_aof_rewrites_left',
      help: 'Redis data nodes (primary and replicas) whose AOF this node has yet to have rewritten since the last secret ballot it tallied; 0: none it can see still lists a closed ballot\'s sealed papers or wrapped key (take the largest over the nodes)',
      registers: [this.registry],
    });
    this.closedEarly = new Counter({
      name: 'biaojue_connections_closed_early_total',
      help: 'TCP connections closed before any request: past the cap per address (per_address) or silent for 10 s (silent)',
      labelNames: ['reason'],
      registers: [this.registry],
    });
    const metrics = this;
    new Gauge({
      name: 'biaojue_connections',
      help: 'Sockets connected to this node, by meeting and audience',
      labelNames: ['meeting', 'role'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [key, count] of metrics.connectionCounts()) {
          const [meeting, role] = key.split('\n') as [string, string];
          this.set({ meeting, role }, count);
        }
      },
    });
  }

  /** Counts connections from the live sockets at scrape time: nothing to keep in step. */
  watch(io: GatewayServer): void {
    this.io = io;
  }

  private connectionCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const socket of this.io?.of('/').sockets.values() ?? []) {
      const data = socket.data as { meetingId?: string; principal?: { role?: string } } | undefined;
      if (!data?.meetingId || !data.principal?.role) continue;
      const key = `${data.meetingId}\n${data.principal.role}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** A connection the HTTP server closed before any request (server/http/open-connections.ts). */
  observeClosedEarly(reason: ClosedEarly): void {
    this.closedEarly.inc({ reason });
  }

  observeCast(outcome: string, seconds: number): void {
    this.casts.observe(outcome, seconds);
  }

  observeJournalBatch(requests: number): void {
    this.fsyncBatch.observe(requests);
  }

  observeRedis(op: string, seconds: number): void {
    this.redisRoundTrip.observe({ op }, seconds);
  }

  observeReplicaWait(seconds: number): void {
    this.redisWait.observe(seconds);
  }

  /** The hooks a store reports through (server/store/observer.ts). */
  storeObserver(): StoreObserver {
    return {
      journalBatch: (requests) => this.observeJournalBatch(requests),
      journalSync: (seconds) => this.journalSync.observe(seconds),
      redisScript: (name, seconds) => this.observeRedis(name, seconds),
      replicaWait: (seconds) => this.observeReplicaWait(seconds),
      aofRewritesLeft: (nodes) => this.aofRewritesLeft.set(nodes),
    };
  }

  /** Serves GET /metrics on its own port; resolves with the bound port. */
  async serve(port: number, host: string, logger: Logger): Promise<{ port: number; close(): Promise<void> }> {
    const server: Server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
        (err: unknown) => {
          logger.error('metrics collection failed', { err });
          res.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const bound = (server.address() as AddressInfo).port;
    logger.info('metrics listening', { host, port: bound });
    return { port: bound, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }
}
