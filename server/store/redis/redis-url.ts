/**
 * REDIS_URL, the one setting of cluster mode, in either of two forms:
 *
 *   redis://[[user]:password@]host:port[/db][?ackReplicas=N&ackTimeoutMs=T]
 *       one Redis server (development, or a single server in production).
 *   redis-sentinel://[[user]:password@]host:port[,host:port…]/<master name>[?ackReplicas=N&ackTimeoutMs=T]
 *       a primary with replicas watched by Sentinels: the nodes ask the Sentinels where the
 *       primary is and follow it when they promote a replica (docs/OPERATIONS.md, "Redis high
 *       availability and failover"). The credentials are used for the data nodes and for the
 *       Sentinels alike (deploy/compose.yaml gives them the same password).
 *
 * ackReplicas: how many replicas must have a write before it is acknowledged (WAIT, and
 * WAITAOF on Redis ≥ 7.2). Default 1 with Sentinel (a failover must not lose an ack), 0 with a
 * single server (nothing to wait for: today's behaviour). ackTimeoutMs: how long a write waits
 * for them (default 1000); past it the write is refused with the retryable STORE_UNAVAILABLE.
 * One URL keeps the setting in one place for every node and every tool (import, tests).
 */

export interface RedisNodeAddress {
  host: string;
  port: number;
}

export interface ReplicaAckPolicy {
  /** Replicas that must confirm each write before it is acknowledged; 0 = do not wait. */
  replicas: number;
  /** Longest wait for them, in ms. */
  timeoutMs: number;
}

export type RedisTarget =
  | { kind: 'server'; url: string; ack: ReplicaAckPolicy }
  | {
      kind: 'sentinel';
      masterName: string;
      sentinels: RedisNodeAddress[];
      username?: string;
      password?: string;
      ack: ReplicaAckPolicy;
    };

export const DEFAULT_ACK_TIMEOUT_MS = 1000;
const MAX_ACK_REPLICAS = 16;
const MAX_ACK_TIMEOUT_MS = 60_000;
const SENTINEL_PROTOCOL = 'redis-sentinel:';

export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new RedisUrlError(`REDIS_URL: ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function ackPolicy(params: URLSearchParams, defaultReplicas: number): ReplicaAckPolicy {
  return {
    replicas: integerParam(params, 'ackReplicas', defaultReplicas, 0, MAX_ACK_REPLICAS),
    timeoutMs: integerParam(params, 'ackTimeoutMs', DEFAULT_ACK_TIMEOUT_MS, 1, MAX_ACK_TIMEOUT_MS),
  };
}

function parseAddress(text: string): RedisNodeAddress {
  // host:port, or [v6]:port
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new RedisUrlError(`REDIS_URL: "${text}" is not a Sentinel address (host:port)`);
  }
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}

function parseSentinelUrl(url: string): RedisTarget {
  const rest = url.slice(SENTINEL_PROTOCOL.length).replace(/^\/\//, '');
  const queryAt = rest.indexOf('?');
  const query = new URLSearchParams(queryAt >= 0 ? rest.slice(queryAt + 1) : '');
  const beforeQuery = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const at = beforeQuery.lastIndexOf('@');
  const credentials = at >= 0 ? beforeQuery.slice(0, at) : '';
  const hostsAndPath = at >= 0 ? beforeQuery.slice(at + 1) : beforeQuery;
  const slash = hostsAndPath.indexOf('/');
  const masterName = slash >= 0 ? decodeURIComponent(hostsAndPath.slice(slash + 1)) : '';
  if (!/^[A-Za-z0-9._-]+$/.test(masterName)) {
    throw new RedisUrlError('REDIS_URL: a redis-sentinel:// URL ends with /<master name> (letters, digits, . _ -)');
  }
  const hosts = slash >= 0 ? hostsAndPath.slice(0, slash) : hostsAndPath;
  const sentinels = hosts.split(',').filter((h) => h.trim() !== '').map(parseAddress);
  if (sentinels.length === 0) throw new RedisUrlError('REDIS_URL: a redis-sentinel:// URL names at least one Sentinel');

  const colon = credentials.indexOf(':');
  const username = decodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials);
  const password = colon >= 0 ? decodeURIComponent(credentials.slice(colon + 1)) : '';
  return {
    kind: 'sentinel',
    masterName,
    sentinels,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ack: ackPolicy(query, 1),
  };
}

/** Reads REDIS_URL; throws RedisUrlError (with no secret in the message) when it is malformed. */
export function parseRedisUrl(url: string): RedisTarget {
  if (url.startsWith(SENTINEL_PROTOCOL)) return parseSentinelUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError('REDIS_URL is not a URL (expected redis://… or redis-sentinel://…)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisUrlError(`REDIS_URL: unknown scheme ${parsed.protocol} (expected redis://, rediss:// or redis-sentinel://)`);
  }
  const ack = ackPolicy(parsed.searchParams, 0);
  // node-redis reads the rest of the URL; our own parameters are not its business.
  parsed.searchParams.delete('ackReplicas');
  parsed.searchParams.delete('ackTimeoutMs');
  return { kind: 'server', url: parsed.toString(), ack };
}

/** Where the target is, for log lines and errors: never the credentials. */
export function describeTarget(target: RedisTarget): string {
  if (target.kind === 'sentinel') {
    return `Sentinel master "${target.masterName}" via ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  }
  const parsed = new URL(target.url);
  return `${parsed.protocol}//${parsed.host}`;
}
