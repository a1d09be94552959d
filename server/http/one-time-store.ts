/**
 * Short-lived values that are used once: the 60-second link tickets (http/link-tickets.ts) and
 * the wall's pairing codes (http/wall-pairing.ts). In cluster mode they live in Redis
 * (cluster/redis-shared-state.ts), since the console may mint a ticket on one node and the
 * browser open it on another.
 */
export interface OneTimeStore {
  /** Keeps `value` under `key` for `ttlMs`, replacing any earlier value. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** The value, removed in the same step so that no two callers get it; null when unknown or expired. */
  take(key: string): Promise<string | null>;
}

/** Entries held at most: each is a few hundred bytes; minting needs a staff login. */
const MAX_ENTRIES = 10_000;

/** Embedded mode: one process, a Map with deadlines on the service clock. */
export function memoryOneTimeStore(now: () => number): OneTimeStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const forgetExpired = () => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  };
  return {
    async put(key, value, ttlMs) {
      forgetExpired();
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      // Oldest first: an entry this old is about to expire anyway.
      for (const oldest of entries.keys()) {
        if (entries.size <= MAX_ENTRIES) break;
        entries.delete(oldest);
      }
    },
    async take(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      entries.delete(key);
      return entry.expiresAt > now() ? entry.value : null;
    },
  };
}
