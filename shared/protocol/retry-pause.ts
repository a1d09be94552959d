/**
 * How long a client waits before it tries again after a refusal worth retrying: a cast refused
 * `STORE_UNAVAILABLE`, `BUSY_RETRY` or `INTERNAL` or not answered in time, sent again with its same
 * key (docs/PROTOCOL.md §7), and a handshake refused `STORE_UNAVAILABLE` (§7, "at the
 * handshake"). About three seconds, spread at random over 1.5–4.5 s: in a store failover every
 * tablet of a hall is refused at about the same moment, and tablets that all waited the same time
 * would come back together, round after round, as one burst on a store that is just recovering.
 */
export const RETRY_PAUSE_MS = 3000;

/** One pause before trying again: RETRY_PAUSE_MS × [0.5, 1.5). `random` in [0, 1). */
export function retryPauseMs(random: () => number = Math.random): number {
  return Math.floor(RETRY_PAUSE_MS * (0.5 + random()));
}
