import { createClient, createSentinel, type RedisClientType, type RedisSentinelType } from 'redis';
import type { RedisNodeAddress, RedisTarget } from './redis-url';

/**
 * A node-redis client for a REDIS_URL target: a plain client for one server, or a Sentinel
 * client that asks the Sentinels where the primary is and moves to the new one by itself
 * when they promote a replica (it listens to their +switch-master and re-asks on any
 * connection loss). The store's connection and the cluster's pub/sub clients are made here,
 * so all of them follow the same primary.
 */
export type NodeRedisClient = RedisClientType | RedisSentinelType;

/** Exponential backoff from 50 ms, capped at 2 s, with jitter so app nodes do not reconnect in step. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000) + Math.floor(Math.random() * 100);
}

/** How often a Sentinel client re-asks the Sentinels for the topology even without news. */
const SENTINEL_SCAN_MS = 5000;

/**
 * `writeConnection`: through Sentinel, open a second connection to the primary for the store's
 * write batches (connection.ts leases it for good). Only then: node-redis' pool hands one
 * lease to two callers starting in the same tick when it has two free, and loses one of them.
 */
export function createNodeRedisClient(target: RedisTarget, name: string, options: { writeConnection?: boolean } = {}): NodeRedisClient {
  if (target.kind === 'server') {
    return createClient({
      url: target.url,
      name,
      socket: { reconnectStrategy: reconnectDelay, connectTimeout: 5000 },
      disableOfflineQueue: false,
    });
  }
  const credentials = {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
  };
  return createSentinel({
    name: target.masterName,
    sentinelRootNodes: target.sentinels,
    nodeClientOptions: { ...credentials, name, socket: { reconnectStrategy: reconnectDelay, connectTimeout: 5000 } },
    sentinelClientOptions: { ...credentials, socket: { connectTimeout: 5000 } },
    // A command that failed because the primary went away is not sent again by node-redis:
    // the caller decides (a cast is retried by the tablet with the same key; see connection.ts).
    // Sending it again could also split a write from the WAIT that must follow it on the
    // same connection (script-runner.ts).
    maxCommandRediscovers: 0,
    masterPoolSize: options.writeConnection ? 2 : 1,
    scanInterval: SENTINEL_SCAN_MS,
  });
}

/**
 * A connection of its own to one other data node of the target's set (a replica the primary
 * names), with the target's credentials, for a one-off admin command; no reconnects.
 */
export function createPeerClient(target: RedisTarget, address: RedisNodeAddress, name: string): RedisClientType {
  const url = target.kind === 'server' ? new URL(target.url) : null;
  const username = url ? decodeURIComponent(url.username) : target.kind === 'sentinel' ? target.username : undefined;
  const password = url ? decodeURIComponent(url.password) : target.kind === 'sentinel' ? target.password : undefined;
  const socket = { host: address.host, port: address.port, connectTimeout: 5000, reconnectStrategy: false as const };
  return createClient({
    name,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    socket: url?.protocol === 'rediss:' ? { ...socket, tls: true as const } : socket,
  });
}

export function isSentinelClient(client: NodeRedisClient): client is RedisSentinelType {
  return typeof (client as RedisSentinelType).acquire === 'function';
}

/** Sends a raw command on either kind of client (their sendCommand signatures differ). */
export function sendRaw(client: NodeRedisClient, args: readonly string[], options?: { abortSignal?: AbortSignal }): Promise<unknown> {
  if (isSentinelClient(client)) return client.sendCommand(false, [...args], options);
  return client.sendCommand([...args], options);
}
