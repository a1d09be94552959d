import { createAdapter } from '@socket.io/redis-adapter';
import type { GatewayServer } from '../gateway/connection';
import type { Logger } from '../logger';
import { isSentinelClient } from '../store/redis/node-redis-client';
import type { OrderedPublish } from './notice-bus';
import { clientUp, closeClient, clusterClient, type RedisClient } from './redis-clients';

/**
 * The adapter's close() fires its UNSUBSCRIBE/PUNSUBSCRIBE without awaiting or catching them.
 * With Redis down they wait in the client's offline queue until we drop the connection, then
 * reject: unhandled rejections on every shutdown during an outage. They are pointless then
 * (closing the connection ends every subscription), so their failures are only logged here.
 */
function catchUnsubscribeFailures(client: RedisClient, logger: Logger): void {
  for (const method of ['unsubscribe', 'pUnsubscribe'] as const) {
    const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
    const quiet = (...args: unknown[]) =>
      original(...args).catch((error: unknown) => {
        logger.debug('Socket.IO adapter unsubscribe dropped (Redis unreachable)', { method, error });
      });
    Object.defineProperty(client, method, { value: quiet, configurable: true, writable: true });
  }
}

/**
 * The adapter counts the nodes with `client.sendCommand(['PUBSUB', 'NUMSUB', channel])`, the
 * plain client's signature; a Sentinel client's is sendCommand(isReadonly, args). Give the
 * adapter a view of the Sentinel client that takes the plain form (everything else inherited).
 */
function forAdapter(client: RedisClient): RedisClient {
  if (!isSentinelClient(client)) return client;
  const view = Object.create(client) as RedisClient;
  Object.defineProperty(view, 'sendCommand', {
    value: (args: string[]) => client.sendCommand(false, args),
    configurable: true,
    writable: true,
  });
  return view;
}

/**
 * The adapter publishes every cluster-wide broadcast (`io.to(room).emit`) without catching the
 * promise: with Redis down, or after the node closed its clients, each one became an unhandled
 * rejection. A broadcast that cannot reach Redis is lost either way (pub/sub keeps nothing;
 * clients resync on reconnect), so the adapter gets a view of the publisher whose publish
 * failures are logged instead. `target` is the client the adapter sees (maybe a Sentinel view).
 */
function catchPublishFailures(target: RedisClient, publishInOrder: OrderedPublish, logger: Logger): RedisClient {
  const view = Object.create(target) as RedisClient;
  // The adapter sends msgpack Buffers as well as strings.
  const publish = (channel: string, message: string | Buffer) =>
    publishInOrder(channel, message).catch((error: unknown) => {
      logger.debug('Socket.IO adapter broadcast dropped (Redis unreachable)', { error });
      return 0;
    });
  Object.defineProperty(view, 'publish', { value: publish, configurable: true, writable: true });
  return view;
}

/**
 * Attaches @socket.io/redis-adapter: room operations addressed to the whole server
 * (`io.to(room)`, `io.in(room).fetchSockets()`, `disconnectSockets()`) reach the sockets of every
 * node. The meeting views themselves are rendered by each node for its own sockets
 * (gateway/fan-out.ts uses `io.local`), from its own cache kept current by the notice channel:
 * that keeps a push O(sockets) per node instead of O(seats) messages through Redis, and keeps
 * each wall's and console's aggregates throttled however many nodes there are.
 *
 * The adapter shares the notice publisher, publishes through the notices' ordered connection
 * (notice-bus.ts: node-redis' Sentinel pool does not keep order) and gets its own subscriber.
 */
export async function attachSocketAdapter(
  io: GatewayServer,
  url: string,
  publisher: RedisClient,
  publishInOrder: OrderedPublish,
  logger: Logger,
): Promise<{ ready: () => boolean; close: () => Promise<void> }> {
  const subscriber = clusterClient(url, 'socket-sub', logger);
  catchUnsubscribeFailures(subscriber, logger);
  await subscriber.connect();
  io.adapter(createAdapter(catchPublishFailures(forAdapter(publisher), publishInOrder, logger), forAdapter(subscriber), { key: 'bj:socket.io' }));
  return { ready: () => clientUp(subscriber), close: () => closeClient(subscriber) };
}
