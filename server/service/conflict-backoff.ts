import { setTimeout as sleep } from 'node:timers/promises';

const CAP_MS = 100;

/**
 * After a conditional append lost to another node: wait a random 0…min(2^attempt, 100) ms.
 * Two nodes each working through a burst (e.g. 200 sign-ins spread over both) would otherwise
 * keep invalidating each other's read; the jitter lets one batch through, then the other.
 * Embedded mode never conflicts, so it never waits.
 */
export function backOffAfterConflict(attempt: number): Promise<void> {
  return sleep(Math.floor(Math.random() * (Math.min(2 ** attempt, CAP_MS) + 1)));
}
