import type { Socket } from 'node:net';

/** How often the watch looks at the connections that have sent nothing yet. */
const TICK_MS = 1000;

/**
 * Closes a connection that has sent nothing at all `withinMs` after it came (between `withinMs`
 * and one second more), with one timer for all connections. A timer of its own per connection (a
 * Timeout, its closure and three numbers) cost ~300 bytes for its first 10 s: a whole hall's
 * worth while it signs in (docs/BENCHMARKS.md). A connection stays here only until it has sent
 * a byte (seen at the next tick, at most a second later) or closed, so a tick looks at the
 * connections of the last second and the silent ones: O(1) per connection, whatever the hall.
 */
export class FirstByteWatch {
  /** Connection → the tick during which it came. */
  private readonly waiting = new Map<Socket, number>();
  private tick = 0;
  private timer: NodeJS.Timeout | null = null;
  /**
   * Ticks a connection waits: a connection that came just after a tick is looked at one tick
   * after it came, so `withinMs` ÷ TICK_MS ticks would be a tick early.
   */
  private readonly ticksAllowed: number;

  constructor(
    withinMs: number,
    private readonly onSilent: (socket: Socket) => void,
  ) {
    this.ticksAllowed = Math.ceil(withinMs / TICK_MS) + 1;
  }

  watch(socket: Socket): void {
    this.waiting.set(socket, this.tick);
    if (this.timer === null) {
      this.timer = setInterval(this.look, TICK_MS);
      this.timer.unref();
    }
  }

  /** A closed connection: not looked at again (nor kept alive by the watch). */
  forget(socket: Socket): void {
    this.waiting.delete(socket);
  }

  /** Connections not yet past their first byte (tests). */
  get size(): number {
    return this.waiting.size;
  }

  private readonly look = (): void => {
    this.tick++;
    // Deleting the entry being visited is safe in a Map's iteration.
    for (const [socket, cameAt] of this.waiting) {
      if (socket.bytesRead > 0) {
        this.waiting.delete(socket);
      } else if (this.tick - cameAt >= this.ticksAllowed) {
        this.waiting.delete(socket);
        this.onSilent(socket);
      }
    }
    if (this.waiting.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  };
}
