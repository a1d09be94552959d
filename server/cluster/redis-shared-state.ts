import { createHash } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AttemptCounter, AttemptLimitRule, AttemptVerdict } from '../http/attempt-limit';
import type { OneTimeStore } from '../http/one-time-store';
import type { SharedState } from '../http/shared-state';
import type { AckedWrite } from '../store/redis/redis-store';
import { SCRIPTS } from '../store/redis/scripts/index';
import type { RedisClient } from './redis-clients';

const PREFIX = 'biaojue:http';

/**
 * Failure counts in Redis: one key per client, its window as its TTL, incremented by a script
 * (count-failure), so concurrent nodes never lose a count. Every node of the cluster shares them,
 * and a node restart does not reset them. The count goes through the replica ack (`write`), as
 * a vote does: rate-limiter-flexible's RateLimiterRedis writes to the primary alone, and a
 * failover could forget the last failures, a guesser's tries handed back once per failover.
 *
 * A failure no replica confirmed (Redis unreachable, or no replica answering) is counted in this
 * node's memory instead, rate-limiter-flexible's RateLimiterMemory as the insurance, and added to
 * what Redis says: the limits stay on, and a failover loses none of this node's failures.
 */
function redisAttemptCounter(client: RedisClient, write: AckedWrite, name: string, rule: AttemptLimitRule): AttemptCounter {
  const insurance = new RateLimiterMemory({ points: rule.maxFailures, duration: Math.ceil(rule.windowMs / 1000) });
  const keyOf = (key: string) => `${PREFIX}:attempts:${name}:${key}`;
  const lockedFor = (failures: number, msLeft: number): AttemptVerdict =>
    failures < rule.maxFailures ? { allowed: true } : { allowed: false, retryAfterSec: Math.max(1, Math.ceil(msLeft / 1000)) };
  return {
    async check(key) {
      const local = await insurance.get(key).catch(() => null);
      const unconfirmed = local?.consumedPoints ?? 0;
      const localMsLeft = local?.msBeforeNext ?? 0;
      // Not through a connection that is down: a read would wait in its queue until Redis is back
      // (as rate-limiter-flexible's rejectIfRedisNotReady did; a Sentinel client says it is
      // ready throughout, and its read waits for the failover as a vote does).
      if (client.isReady) {
        try {
          const [shared, msLeft] = await Promise.all([client.get(keyOf(key)), client.pTTL(keyOf(key))]);
          // Failures this node could not get confirmed are added, not compared: whether the store
          // kept them is unknown, and counting one twice only ends the guessing sooner.
          return lockedFor(Number(shared ?? 0) + unconfirmed, Math.max(msLeft, localMsLeft));
        } catch {
          // Unreachable after all: this node's own count answers.
        }
      }
      return lockedFor(unconfirmed, localMsLeft);
    },
    async recordFailure(key) {
      try {
        const failures = Number(await write(SCRIPTS.countFailure, [keyOf(key)], [String(rule.windowMs)]));
        return failures === rule.maxFailures;
      } catch {
        const local = await insurance.penalty(key, 1);
        return local.consumedPoints === rule.maxFailures;
      }
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
    attemptCounter: (name, rule) => redisAttemptCounter(client, write, name, rule),
    oneTime: redisOneTimeStore(client, write),
  };
}
