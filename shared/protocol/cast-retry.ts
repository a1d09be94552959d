/**
 * How long a tablet waits before it sends a cast again after a retryable refusal
 * (`STORE_UNAVAILABLE`, `BUSY_RETRY`, `INTERNAL`, a timeout: docs/PROTOCOL.md §7), with the same
 * key. About three seconds, spread at random over 1.5–4.5 s: in a failover every tablet of the
 * hall is refused at about the same moment, and tablets that all waited the same time would come
 * back together, again and again, as one burst on a store that is just recovering.
 */
export const CAST_RETRY_MS = 3000;

/** One pause before a cast is sent again: CAST_RETRY_MS × [0.5, 1.5). `random` in [0, 1). */
export function castRetryPauseMs(random: () => number = Math.random): number {
  return Math.round(CAST_RETRY_MS * (0.5 + random()));
}
