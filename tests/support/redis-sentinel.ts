import { createClient } from 'redis';
import { until } from './until';
import { startRedis, type RedisServer } from './redis-server';

/**
 * A Redis high-availability set for tests, all real processes on free ports: a primary, one
 * replica or more (`--replicaof`; deploy/compose.yaml runs two), and three Sentinels
 * (`redis-server <conf> --sentinel`, the same binary; quorum 2) that promote a replica when the
 * primary stops answering.
 */

export const MASTER_NAME = 'biaojue';
/** How long the Sentinels wait before they call the primary down (production: see deploy/). */
const DOWN_AFTER_MS = 1000;
const FAILOVER_TIMEOUT_MS = 5000;

export interface SentinelSet {
  /** The servers by their first role: servers[0] starts as the primary, the others as its replicas. */
  servers: RedisServer[];
  sentinels: RedisServer[];
  /** REDIS_URL for the nodes: redis-sentinel://…/biaojue, with optional ack settings. */
  url(query?: { ackReplicas?: number; ackTimeoutMs?: number }): string;
  /** The server the Sentinels name as primary now. */
  primary(): Promise<RedisServer>;
  /** Waits until the Sentinels name a primary other than `old`, and returns it. */
  failedOverFrom(old: RedisServer): Promise<RedisServer>;
  /**
   * Cuts `primary` off from its replicas until it restarts: its default user may no longer
   * PSYNC/SYNC (a replica reconnects within milliseconds otherwise), and the replica links are
   * dropped. What it takes from then on reaches no replica: the window in which an ack that did
   * not wait for a replica would be lost by a failover.
   */
  cutReplication(primary: RedisServer): Promise<void>;
  /** Waits until `server` is a replica of the current primary with its link up and in sync. */
  replicating(server: RedisServer): Promise<void>;
  /**
   * Waits until the set has settled, whichever server is primary: every Sentinel names the same
   * one with no failover in progress, it is a master, and every other server that runs
   * replicates it, in sync (a server killed and not restarted is left out). Returns the primary. A restarted old primary normally comes back as the replica, but
   * under load the Sentinels may take the new primary for down and fail over again, to it
   * (seen in CI, docs/OPERATIONS.md): the set is whole either way.
   */
  settled(): Promise<RedisServer>;
  /** Stops every process and removes their directories. */
  stop(): Promise<void>;
  /** Recent output of every process, for failure messages. */
  output(): string;
}

/** One command on a fresh connection; `password`: the default user's, where the server has one; `host`: another address than this machine's. */
export async function redisCommand(port: number, args: string[], password?: string, host = '127.0.0.1'): Promise<unknown> {
  const client = createClient({ socket: { host, port, connectTimeout: 1000, reconnectStrategy: false }, ...(password ? { password } : {}) });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.sendCommand(args);
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/**
 * Whether a server's `INFO replication` says it is a replica with its link up and no sync in
 * progress; of the primary on `primaryPort`, when given.
 */
export function replicaInSync(info: string, primaryPort?: number): boolean {
  const following = /role:slave/.test(info) && (primaryPort === undefined || new RegExp(`master_port:${primaryPort}\\b`).test(info));
  return following && /master_link_status:up/.test(info) && /master_sync_in_progress:0/.test(info);
}

/** The fields of `INFO persistence` (aof_rewrites, aof_rewrite_in_progress, aof_last_bgrewrite_status…). */
export async function persistenceInfo(port: number, password?: string): Promise<Record<string, string>> {
  const text = String(await redisCommand(port, ['INFO', 'persistence'], password));
  const fields = text.split('\r\n').filter((line) => line.includes(':'));
  return Object.fromEntries(fields.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
}

/** How many WAIT and WAITAOF commands the server at `port` has run (INFO commandstats): which replica ack it gives. */
export async function ackCommandCalls(port: number): Promise<{ wait: number; waitaof: number }> {
  const stats = String(await redisCommand(port, ['INFO', 'commandstats']));
  const calls = (command: string) => Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
  return { wait: calls('wait'), waitaof: calls('waitaof') };
}

/** A Sentinel's lines for watching the primary at host:port (quorum 2 of 3; down after `downAfterMs`). */
export function sentinelMonitorConfig(host: string, port: number, downAfterMs = DOWN_AFTER_MS): string[] {
  return [
    `sentinel monitor ${MASTER_NAME} ${host} ${port} 2`,
    `sentinel down-after-milliseconds ${MASTER_NAME} ${downAfterMs}`,
    `sentinel failover-timeout ${MASTER_NAME} ${FAILOVER_TIMEOUT_MS}`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`,
  ];
}

/**
 * Whether every Sentinel (its port, and host when not this machine) knows `replicas` replicas
 * and the two other Sentinels: only then can a failover pick a replica.
 */
export async function sentinelsKnowTheSet(sentinels: readonly { port: number; host?: string }[], replicas: number): Promise<boolean> {
  for (const { port, host } of sentinels) {
    const known = (await redisCommand(port, ['SENTINEL', 'replicas', MASTER_NAME], undefined, host)) as unknown[];
    const peers = (await redisCommand(port, ['SENTINEL', 'sentinels', MASTER_NAME], undefined, host)) as unknown[];
    if (known.length < replicas || peers.length < 2) return false;
  }
  return true;
}

export interface SentinelSetOptions {
  /** The binary of every process (default: redis-server on PATH), e.g. WAITAOF_SERVER_BINARY. */
  binary?: string | null;
  /** Whether the replicas keep an AOF (default true, as deploy/compose.yaml has it). */
  replicaAppendonly?: boolean;
  /** How many replicas the primary has (default 1; deploy/compose.yaml runs 2). */
  replicas?: number;
  /** How long a primary may not answer before the Sentinels call it down (default 1 s; the benchmark, under full load, 5 s as compose). */
  downAfterMs?: number;
}

export async function startSentinelSet(options: SentinelSetOptions = {}): Promise<SentinelSet> {
  const { binary } = options;
  const started: RedisServer[] = [];
  try {
    // As deploy/compose.yaml: a (re)joining replica is synced at once, not after 5 s.
    const syncAtOnce = ['--repl-diskless-sync-delay', '0'];
    const first = await startRedis({ binary, args: syncAtOnce });
    started.push(first);
    const servers = [first];
    for (let i = 0; i < (options.replicas ?? 1); i++) {
      const replica = await startRedis({
        binary,
        appendonly: options.replicaAppendonly ?? true,
        args: [...syncAtOnce, '--replicaof', '127.0.0.1', String(first.port)],
      });
      started.push(replica);
      servers.push(replica);
    }
    const sentinels: RedisServer[] = [];
    const output = () =>
      [...servers, ...sentinels].map((p, i) => `--- ${i < servers.length ? 'redis' : 'sentinel'} :${p.port}\n${p.output()}`).join('\n');

    const primaryPort = async (): Promise<number | null> => {
      for (const sentinel of sentinels) {
        const reply = (await redisCommand(sentinel.port, ['SENTINEL', 'get-master-addr-by-name', MASTER_NAME]).catch(() => null)) as
          | [string, string]
          | null;
        if (reply) return Number(reply[1]);
      }
      return null;
    };
    /** Every Sentinel names `port` as the primary and has no failover in progress. */
    const failoverEndedEverywhere = async (port: number): Promise<boolean> => {
      for (const sentinel of sentinels) {
        const flat = (await redisCommand(sentinel.port, ['SENTINEL', 'MASTER', MASTER_NAME]).catch(() => null)) as string[] | null;
        if (!flat) return false;
        const field = (name: string) => flat[flat.indexOf(name) + 1];
        if (Number(field('port')) !== port || String(field('flags')).includes('failover')) return false;
      }
      return true;
    };
    const serverAt = (port: number) => {
      const server = servers.find((s) => s.port === port);
      if (!server) throw new Error(`the Sentinels name an unknown primary on port ${port}`);
      return server;
    };
    const set: SentinelSet = {
      servers,
      sentinels,
      url(query = {}) {
        const hosts = sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
        const params = new URLSearchParams();
        if (query.ackReplicas !== undefined) params.set('ackReplicas', String(query.ackReplicas));
        if (query.ackTimeoutMs !== undefined) params.set('ackTimeoutMs', String(query.ackTimeoutMs));
        const search = params.toString();
        return `redis-sentinel://${hosts}/${MASTER_NAME}${search ? `?${search}` : ''}`;
      },
      async primary() {
        return serverAt(await until('a primary named by the Sentinels', primaryPort, { output }));
      },
      async failedOverFrom(old) {
        const port = await until(
          `a failover away from :${old.port}`,
          async () => {
            const now = await primaryPort();
            if (now === null || now === old.port) return null;
            const role = String(await redisCommand(now, ['ROLE']).then((r) => (r as unknown[])[0]));
            // A Sentinel names the promoted replica while the failover is still in progress; an
            // old primary restarted before it ends can have the failover undone (the promoted
            // replica is told to follow it again). Done means every Sentinel has switched.
            return role === 'master' && (await failoverEndedEverywhere(now)) ? now : null;
          },
          { output },
        );
        return serverAt(port);
      },
      async cutReplication(primary) {
        await redisCommand(primary.port, ['ACL', 'SETUSER', 'default', '-psync', '-sync']);
        await redisCommand(primary.port, ['CLIENT', 'KILL', 'TYPE', 'replica']);
      },
      async replicating(server) {
        let lastReplicationInfo = '(no answer)';
        await until(
          `:${server.port} replicating the primary`,
          async () => {
            const info = String(await redisCommand(server.port, ['INFO', 'replication']));
            lastReplicationInfo = info;
            return replicaInSync(info) ? true : null;
          },
          { output: () => `last INFO replication of :${server.port}:\n${lastReplicationInfo}\n${output()}` },
        );
      },
      async settled() {
        let lastReplicationInfo = '(no answer)';
        const port = await until(
          'one primary, its replicas in sync, and no failover in progress',
          async () => {
            const now = await primaryPort();
            if (now === null || !(await failoverEndedEverywhere(now))) return null;
            if (String(await redisCommand(now, ['ROLE']).then((r) => (r as unknown[])[0])) !== 'master') return null;
            for (const replica of servers.filter((s) => s.port !== now && s.pid !== undefined)) {
              const info = String(await redisCommand(replica.port, ['INFO', 'replication']));
              lastReplicationInfo = `:${replica.port}\n${info}`;
              if (!replicaInSync(info, now)) return null;
            }
            return now;
          },
          { output: () => `last INFO replication of a replica:\n${lastReplicationInfo}\n${output()}` },
        );
        return serverAt(port);
      },
      async stop() {
        await Promise.all(sentinels.map((s) => s.stop()));
        await Promise.all(servers.map((s) => s.stop()));
      },
      output,
    };
    // The Sentinels start once the replicas are in sync, so that none can act on the set while
    // it is still being built (once seen in CI under load: the replica never reported in sync
    // within 30 s; the wait now says what it last saw).
    for (const replica of servers.slice(1)) await set.replicating(replica);
    const sentinelConfig = sentinelMonitorConfig('127.0.0.1', first.port, options.downAfterMs);
    for (let i = 0; i < 3; i++) {
      const sentinel = await startRedis({ binary, appendonly: false, sentinelConfig });
      started.push(sentinel);
      sentinels.push(sentinel);
    }
    // Every Sentinel must know the replicas (from the primary's INFO) before a failover can pick one.
    await until('the Sentinels to know the replicas and each other', () => sentinelsKnowTheSet(sentinels, servers.length - 1), { output });
    return set;
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
