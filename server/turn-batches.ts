import { atTurnEnd } from './turn-end';

/**
 * Items gathered per key and handed on together: at the end of the loop's turn (turn-end.ts,
 * after every request already read in this turn) or as soon as a key holds `cap` of them. In a
 * 3,000-vote burst this turns thousands of small messages into a dozen: the Redis store sends a
 * ballot's casts as one script (store/redis/cast-batches.ts) and a cluster node tells its peers
 * of a meeting's casts in one notice (cluster/cast-notices.ts).
 *
 * A key's items go in the order they were added; `flush` hands a key's items on at once, for a
 * caller whose next message must not overtake them.
 */
export class TurnBatches<T> {
  private readonly pending = new Map<string, T[]>();
  private scheduled = false;

  constructor(
    private readonly cap: number,
    private readonly send: (key: string, items: T[]) => void,
  ) {}

  add(key: string, item: T): void {
    let items = this.pending.get(key);
    if (!items) this.pending.set(key, (items = []));
    items.push(item);
    if (items.length >= this.cap) this.flush(key);
    else if (!this.scheduled) {
      this.scheduled = true;
      atTurnEnd(() => this.flushAll());
    }
  }

  /** Hands on the key's pending items now. */
  flush(key: string): void {
    const items = this.pending.get(key);
    if (!items) return;
    this.pending.delete(key);
    this.send(key, items);
  }

  /** Hands on the pending items of every key that `matches`. */
  flushWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.pending.keys()]) if (matches(key)) this.flush(key);
  }

  /** Hands on every pending item now (the turn's end, or the owner closing). */
  flushAll(): void {
    // A turn's end still asked for finds nothing left (flushing twice hands nothing on twice).
    this.scheduled = false;
    for (const key of [...this.pending.keys()]) this.flush(key);
  }
}
