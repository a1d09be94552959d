import { memoryAttemptCounter, type AttemptCounter, type AttemptLimitRule } from './attempt-limit';
import { memoryOneTimeStore, type OneTimeStore } from './one-time-store';

/**
 * What the HTTP endpoints must agree on across nodes: failure counts of the attempt limits and
 * one-time values (link tickets, wall pairing codes). Embedded mode keeps them in memory;
 * cluster mode in Redis (cluster/redis-shared-state.ts).
 */
export interface SharedState {
  /** The counter of one endpoint's failures; `name` separates endpoints (e.g. "staff-login"). */
  attemptCounter(name: string, rule: AttemptLimitRule): AttemptCounter;
  oneTime: OneTimeStore;
}

export function memorySharedState(now: () => number): SharedState {
  return {
    attemptCounter: (_name, rule) => memoryAttemptCounter(rule, now),
    oneTime: memoryOneTimeStore(now),
  };
}
