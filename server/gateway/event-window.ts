/**
 * One connection's count of events in its current one-second window (a fixed window that starts
 * at the first event after the last one ended, as rate-limiter-flexible's memory limiter counts).
 *
 * Held by the connection's own middleware, not in rate-limiter-flexible: every event of every
 * tablet passes here, and the library's memory limiter answers through a promise (one more turn
 * before the vote is looked at), builds its key string, and makes a record, a result object and a
 * timer per connection and window: ~3 µs of a vote's ~55 µs in a 3,000-tablet burst
 * (docs/BENCHMARKS.md, "The event-rate check"). A count that lives and dies with its connection
 * needs no key, no store and no timer. The library still counts refusals (rare) and connections.
 */
export class EventWindow {
  private endsAt = 0;
  private count = 0;

  constructor(private readonly perSecond: number) {}

  /** Counts one event at `nowMs`: 0 if it is within the rate, else the ms until the window ends (≥ 1). */
  take(nowMs: number): number {
    if (nowMs >= this.endsAt) {
      this.endsAt = nowMs + 1000;
      this.count = 0;
    }
    this.count++;
    return this.count <= this.perSecond ? 0 : this.endsAt - nowMs;
  }
}
