import { createAdapter } from '@socket.io/redis-adapter';
import type { GatewayServer } from '../gateway/connection';
import type { Logger } from '../logger';
import { closeClient, clusterClient, type RedisClient } from './redis-clients';

/**
 * Attaches @socket.io/redis-adapter: room operations addressed to the whole server
 * (`io.to(room)`, `io.in(room).fetchSockets()`, `disconnectSockets()`) reach the sockets of every
 * node. The meeting views themselves are rendered by each node for its own sockets
 * (gateway/fan-out.ts uses `io.local`), from its own cache kept current by the notice channel:
 * that keeps a push O(sockets) per node instead of O(seats) messages through Redis, and keeps
 * each wall's and console's aggregates throttled however many nodes there are.
 *
 * The adapter shares the notice publisher and gets its own subscriber connection.
 */
export async function attachSocketAdapter(
  io: GatewayServer,
  url: string,
  publisher: RedisClient,
  logger: Logger,
): Promise<{ ready: () => boolean; close: () => Promise<void> }> {
  const subscriber = clusterClient(url, 'socket-sub', logger);
  await subscriber.connect();
  io.adapter(createAdapter(publisher, subscriber, { key: 'bj:socket.io' }));
  return { ready: () => subscriber.isReady, close: () => closeClient(subscriber) };
}
