/**
 * At most one flush per `intervalMs` per key: the first trigger flushes at once, later ones in
 * the same window are folded into one trailing flush. The flush reads the latest state itself,
 * so nothing is lost by folding (invariant 5: aggregates at most ~10 times a second).
 */
export class KeyedThrottle {
  private readonly windows = new Map<string, { timer: NodeJS.Timeout; pending: boolean }>();

  /** `intervalMs` may depend on the key and change between windows (see FanOut's staff views). */
  constructor(
    private readonly intervalMs: number | ((key: string) => number),
    private readonly flush: (key: string) => void,
  ) {}

  trigger(key: string): void {
    const window = this.windows.get(key);
    if (window) {
      window.pending = true;
      return;
    }
    this.flush(key);
    this.openWindow(key);
  }

  /**
   * Flushes now, whatever the window: for rare changes a person waits on (a ballot opening, its
   * result). Anything pending is included, since the flush reads the latest state, and a new
   * window starts, so the changes that follow are still throttled.
   */
  flushNow(key: string): void {
    const window = this.windows.get(key);
    if (window) {
      clearTimeout(window.timer);
      this.windows.delete(key);
    }
    this.flush(key);
    this.openWindow(key);
  }

  clear(): void {
    for (const { timer } of this.windows.values()) clearTimeout(timer);
    this.windows.clear();
  }

  private openWindow(key: string): void {
    const timer = setTimeout(() => {
      const window = this.windows.get(key);
      this.windows.delete(key);
      if (window?.pending) {
        this.flush(key);
        this.openWindow(key);
      }
    }, typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs(key));
    timer.unref();
    this.windows.set(key, { timer, pending: false });
  }
}
