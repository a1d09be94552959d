import type { Logger } from '../logger';
import { createNodeRedisClient, isSentinelClient, type NodeRedisClient } from '../store/redis/node-redis-client';
import { parseRedisUrl } from '../store/redis/redis-url';

/** A node-redis client for one server or for the primary the Sentinels name (REDIS_URL). */
export type RedisClient = NodeRedisClient;

/** While a Sentinel client's primary is lost, how often to check whether it answers again. */
const PROBE_EVERY_MS = 500;

const sentinelUp = new WeakMap<RedisClient, () => boolean>();

/**
 * Whether the client can reach the primary now, for the health check. A plain client knows
 * (isReady); a Sentinel client stays "ready" through outages and failovers, so for it this is
 * false from an error of its primary or pub/sub connection until a PING answers again.
 */
export function clientUp(client: RedisClient): boolean {
  if (!client.isReady) return false;
  return sentinelUp.get(client)?.() ?? true;
}

/**
 * A node-redis client for the cluster's pub/sub, with the store's reconnect rules (forever,
 * with backoff and jitter; through Sentinel it also moves to a promoted replica by itself, and
 * its subscriptions move with it). `onReady(again)` runs each time it is (re)connected;
 * `again` is false the first time. Connection errors are logged once per outage, never
 * thrown: node-redis would crash the process on an 'error' event without a listener.
 */
export function clusterClient(
  url: string,
  name: string,
  logger: Logger,
  onReady?: (again: boolean) => void,
  options: { writeConnection?: boolean } = {},
): RedisClient {
  const client = createNodeRedisClient(parseRedisUrl(url), `biaojue-${name}`, options);
  let up = false;
  let everUp = false;
  const lost = (error: unknown) => {
    if (!up) return;
    up = false;
    logger.warn('Redis connection lost; reconnecting', { client: name, error: String(error) });
  };
  const back = () => {
    if (up) return;
    up = true;
    if (everUp) logger.warn('Redis connection restored', { client: name });
    onReady?.(everUp);
    everUp = true;
  };
  if (!isSentinelClient(client)) {
    client.on('error', lost);
    client.on('ready', back);
    return client;
  }

  // Sentinel: no 'ready' events; errors of every inner connection, and topology changes.
  let probe: NodeJS.Timeout | undefined;
  const probeUntilBack = () => {
    if (probe || !client.isOpen) return;
    probe = setTimeout(() => {
      client.sendCommand(false, ['PING']).then(
        () => {
          probe = undefined;
          back();
        },
        () => {
          probe = undefined;
          probeUntilBack();
        },
      );
    }, PROBE_EVERY_MS);
    probe.unref();
  };
  const trouble = (error: unknown) => {
    if (!everUp) return; // connect() reports a failure to start by itself
    lost(error);
    probeUntilBack();
  };
  client.on('error', trouble);
  client.on('client-error', (event: { type: string; error: Error }) => {
    if (event.type === 'MASTER' || event.type === 'PUBSUBPROXY') trouble(event.error);
  });
  client.on('topology-change', (event: { type: string; node?: { host: string; port: number } }) => {
    if (event.type !== 'MASTER_CHANGE' || !everUp) return;
    // The subscriptions were moved to the new primary: whatever was published meanwhile is lost.
    trouble(new Error(`Sentinel named a new primary at ${event.node?.host}:${event.node?.port}`));
  });
  const connect = client.connect.bind(client);
  Object.defineProperty(client, 'connect', {
    configurable: true,
    writable: true,
    value: async () => {
      const connected = await connect();
      back();
      return connected;
    },
  });
  sentinelUp.set(client, () => up);
  return client;
}

/** How long a graceful close may wait for Redis to answer before the connection is dropped. */
const CLOSE_WAIT_MS = 2000;

/**
 * Closes a client, or drops it if Redis is not answering: at once when it is already
 * disconnected, else after CLOSE_WAIT_MS (Redis may die during the close), so a shutdown
 * never hangs on an outage. Commands still queued then are rejected; their callers catch them.
 */
export async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (!clientUp(client)) {
    await client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_WAIT_MS);
  });
  const closed = client.close().then(
    () => 'closed' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([closed, gaveUp]);
  clearTimeout(timer);
  if (outcome !== 'closed' && client.isOpen) await client.destroy();
}
