/**
 * What the benchmark's cluster runs on (`--redis=`):
 * - `one` (the default): one redis-server, AOF with `appendfsync always`, no replica: what a
 *   node's own work costs;
 * - `sentinel`: a primary, two replicas and three Sentinels, the nodes on `redis-sentinel://…`
 *   with acks that wait for a replica (`ackReplicas=1`, WAIT), as deploy/compose.yaml runs it;
 * - `sentinel-waitaof`: the same on a server with WAITAOF (Redis ≥ 7.2, or Valkey), whose acks
 *   also wait for the primary's and a replica's AOF fsync, as compose's redis:7.2 image does.
 */
import { REDIS_SERVER_BINARY, serverVersion, startRedis, WAITAOF_SERVER_BINARY } from '../tests/support/redis-server';
import { startSentinelSet } from '../tests/support/redis-sentinel';

export const REDIS_SETUPS = ['one', 'sentinel', 'sentinel-waitaof'] as const;
export type RedisSetup = (typeof REDIS_SETUPS)[number];

export interface StartedRedis {
  /** REDIS_URL for the nodes. */
  url: string;
  /** Every Redis process (for --pin). */
  pids: number[];
  stop(): Promise<void>;
}

/**
 * The Sentinels call a primary down after 5 s of silence, as compose has it: the tests' 1 s
 * would risk a failover in the middle of a measurement, with the host's CPUs all busy.
 */
const BENCH_DOWN_AFTER_MS = 5000;
/** As deploy/compose.yaml. */
const COMPOSE_REPLICAS = 2;

export function parseRedisSetup(value: string): RedisSetup {
  const setup = REDIS_SETUPS.find((s) => s === value);
  if (!setup) throw new Error(`--redis must be one of ${REDIS_SETUPS.join(', ')}`);
  if (setup === 'sentinel-waitaof' && !WAITAOF_SERVER_BINARY) throw new Error('--redis=sentinel-waitaof needs redis-server ≥ 7.2 or valkey-server on PATH');
  return setup;
}

/** The report's line about it. */
export function describeRedisSetup(setup: RedisSetup): string {
  if (setup === 'one') return `cluster on one ${serverVersion(REDIS_SERVER_BINARY)} (AOF, appendfsync always), no replica`;
  const binary = setup === 'sentinel' ? REDIS_SERVER_BINARY : WAITAOF_SERVER_BINARY;
  const ack = setup === 'sentinel' ? 'WAIT' : 'WAIT, then WAITAOF';
  return `cluster on a primary, ${COMPOSE_REPLICAS} replicas and three Sentinels (${serverVersion(binary)}, AOF, appendfsync always), acks after a replica has the write (${ack})`;
}

export async function startRedisSetup(setup: RedisSetup): Promise<StartedRedis> {
  if (setup === 'one') {
    const redis = await startRedis({ appendonly: true });
    return { url: redis.url, pids: redis.pid === undefined ? [] : [redis.pid], stop: () => redis.stop() };
  }
  const set = await startSentinelSet({ binary: setup === 'sentinel' ? REDIS_SERVER_BINARY : WAITAOF_SERVER_BINARY, downAfterMs: BENCH_DOWN_AFTER_MS, replicas: COMPOSE_REPLICAS });
  const pids = [...set.servers, ...set.sentinels].flatMap((p) => (p.pid === undefined ? [] : [p.pid]));
  return { url: set.url({ ackReplicas: 1 }), pids, stop: () => set.stop() };
}
