/**
 * Brute-force protection for the endpoints that take a secret: staff login (a password) and
 * pairing (a seat card's or the wall's one-time code). Failed attempts are counted per key in
 * fixed windows; once a key reaches `maxFailures` in its window, every request under it is
 * refused until the window ends, even one with the right secret, so a guesser learns nothing
 * from the answers while locked out. A success never resets a count: someone holding one valid
 * code (or one legitimate login) must not be able to wipe the record of their guesses.
 *
 * Where the counts live (http/shared-state.ts): in this process in embedded mode; in Redis in
 * cluster mode (cluster/redis-attempt-counter.ts), so N nodes allow what one node allows and a
 * restarted node still remembers the lockouts.
 */

export interface AttemptLimitRule {
  /** Failures a key may have within one window; the next request is refused. */
  maxFailures: number;
  windowMs: number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSec: number };

/** One endpoint's failure counts, wherever they are kept. */
export interface AttemptCounter {
  /** Whether `key` may try now; when not, how many seconds until it may. */
  check(key: string): Promise<AttemptVerdict>;
  /** Counts one failure; resolves true when this one used up the key's allowance. */
  recordFailure(key: string): Promise<boolean>;
}

/** Embedded mode: the counts in this process's memory (a restart forgets them; one process serves). */
export function memoryAttemptCounter(rule: AttemptLimitRule, now: () => number): AttemptCounter {
  const limiter = new AttemptLimiter(rule, now);
  return {
    check: async (key) => limiter.check(key),
    recordFailure: async (key) => limiter.recordFailure(key),
  };
}

/** Keys remembered at most; beyond it the oldest windows are forgotten, so memory stays bounded. */
const DEFAULT_MAX_KEYS = 10_000;

interface FailureWindow {
  startedAt: number;
  failures: number;
}

export class AttemptLimiter {
  /** Insertion order is window start order: a key is (re)inserted only when its window starts. */
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    private readonly rule: AttemptLimitRule,
    private readonly now: () => number,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {}

  /** Whether `key` may try now; when not, how many seconds until it may. */
  check(key: string): AttemptVerdict {
    const window = this.liveWindow(key);
    if (!window || window.failures < this.rule.maxFailures) return { allowed: true };
    const remainingMs = window.startedAt + this.rule.windowMs - this.now();
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(remainingMs / 1000)) };
  }

  /** Counts one failure; returns true when this one used up the key's allowance. */
  recordFailure(key: string): boolean {
    this.forgetEnded();
    let window = this.liveWindow(key);
    if (!window) {
      window = { startedAt: this.now(), failures: 0 };
      this.windows.set(key, window);
      // Evicting the oldest may free a locked-out key early; the bound on memory matters more,
      // and an attacker needs 10 000 other addresses in one window to do it.
      for (const oldest of this.windows.keys()) {
        if (this.windows.size <= this.maxKeys) break;
        this.windows.delete(oldest);
      }
    }
    window.failures += 1;
    return window.failures === this.rule.maxFailures;
  }

  /** Number of keys held (for tests of the memory bound). */
  get size(): number {
    return this.windows.size;
  }

  private ended(window: FailureWindow): boolean {
    return this.now() >= window.startedAt + this.rule.windowMs;
  }

  private liveWindow(key: string): FailureWindow | undefined {
    const window = this.windows.get(key);
    if (window && this.ended(window)) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Drops ended windows from the front (oldest first); stops at the first live one. */
  private forgetEnded(): void {
    for (const [key, window] of this.windows) {
      if (!this.ended(window)) break;
      this.windows.delete(key);
    }
  }
}
