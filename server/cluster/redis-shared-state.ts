import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { AttemptCounter, AttemptLimitRule } from '../http/attempt-limit';
import type { OneTimeStore } from '../http/one-time-store';
import type { SharedState } from '../http/shared-state';
import type { AckedWrite } from '../store/redis/redis-store';
import { SCRIPTS } from '../store/redis/scripts/index';
import type { RedisClient } from './redis-clients';

const PREFIX = 'biaojue:http';

/**
 * Failure counts in Redis (rate-limiter-flexible: one key per client with the window as its
 * TTL, incremented by a Lua script, so concurrent nodes never lose a count). Every node of the
 * cluster shares them, and a node restart does not reset them. While Redis is unreachable the
 * node counts in memory instead (the insurance limiter): the limits stay on, per node.
 */
function redisAttemptCounter(client: RedisClient, name: string, rule: AttemptLimitRule): AttemptCounter {
  const options = { points: rule.maxFailures, duration: Math.ceil(rule.windowMs / 1000) };
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: client,
    useRedisPackage: true,
    rejectIfRedisNotReady: true,
    keyPrefix: `${PREFIX}:attempts:${name}`,
    insuranceLimiter: new RateLimiterMemory(options),
  });
  return {
    async check(key) {
      const counted = await limiter.get(key);
      if (!counted || counted.consumedPoints < rule.maxFailures) return { allowed: true };
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(counted.msBeforeNext / 1000)) };
    },
    async recordFailure(key) {
      const counted = await limiter.penalty(key, 1);
      return counted.consumedPoints === rule.maxFailures;
    },
  };
}

/**
 * One-time values as Redis keys with a TTL, taken with GETDEL (atomic: one taker wins), through
 * the replica ack (`write`): a ticket is used only once a replica has its deletion, so a
 * failover cannot make it usable again. The key is a hash of the ticket or code, so a reader of
 * the Redis keys cannot use one. A put needs no ack: a ticket lost in a failover is minted again.
 */
function redisOneTimeStore(client: RedisClient, write: AckedWrite): OneTimeStore {
  const keyOf = (key: string) => `${PREFIX}:once:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
  return {
    async put(key, value, ttlMs) {
      await client.set(keyOf(key), value, { expiration: { type: 'PX', value: ttlMs } });
    },
    async take(key) {
      const value = await write(SCRIPTS.takeOnce, [keyOf(key)], []);
      return typeof value === 'string' ? value : null;
    },
  };
}

/** The node's shared HTTP state on its (connected) Redis command client. */
export function redisSharedState(client: RedisClient, write: AckedWrite): SharedState {
  return {
    attemptCounter: (name, rule) => redisAttemptCounter(client, name, rule),
    oneTime: redisOneTimeStore(client, write),
  };
}
