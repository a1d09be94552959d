import { createClient } from 'redis';
import type { Logger } from '../logger';
import { reconnectDelay } from '../store/redis/connection';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * A node-redis client for the cluster's pub/sub, with the store's reconnect rules (forever,
 * with backoff and jitter). `onReady(again)` runs each time it is (re)connected; `again` is
 * false the first time. Connection errors are logged once per outage, never thrown: node-redis
 * would crash the process on an 'error' event without a listener.
 */
export function clusterClient(url: string, name: string, logger: Logger, onReady?: (again: boolean) => void): RedisClient {
  const client = createClient({ url, name: `biaojue-${name}`, socket: { reconnectStrategy: reconnectDelay, connectTimeout: 5000 } });
  let up = false;
  let everUp = false;
  client.on('error', (error: Error) => {
    if (!up) return;
    up = false;
    logger.warn('Redis connection lost; reconnecting', { client: name, error });
  });
  client.on('ready', () => {
    if (up) return;
    up = true;
    if (everUp) logger.warn('Redis connection restored', { client: name });
    onReady?.(everUp);
    everUp = true;
  });
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
  if (!client.isReady) {
    client.destroy();
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
  if (outcome !== 'closed' && client.isOpen) client.destroy();
}
