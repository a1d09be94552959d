import { atTurnEnd } from '../../turn-end';

/**
 * Group commit: items that arrive while a batch is being written wait in the next batch, so a
 * burst of votes shares one journal write and one fsync. Every item's promise settles only when
 * its whole batch is durable (or has failed).
 *
 * A failed batch is final: it and everything queued behind it are rejected, and so is every
 * later item. After a failed write or fsync the file's true content is unknown (a failed fsync
 * may even have dropped the dirty pages while reporting success next time), so the only safe
 * way on is to reopen from what is on disk.
 */
/**
 * A batch closes early once it holds this many items. Without it, a burst read in one long
 * turn of the event loop (thousands of sockets ready at once) became one batch, and the first
 * vote of the burst waited for the last to be read before any was written. 256 votes are
 * ~25 ms of work: one fdatasync per 256 costs a few per cent, and acks flow while reading goes on.
 */
export const MAX_BATCH_ITEMS = 256;

export interface GroupCommitHooks<Item, Sealed> {
  /** Called synchronously the moment a batch closes; sees the state exactly after its items. */
  seal(items: Item[]): Sealed;
  write(sealed: Sealed): Promise<void>;
  /** Called synchronously once the batch is durable, before any waiter resumes. */
  committed(sealed: Sealed): void;
  failed(error: Error): void;
}

class Batch<Item> {
  readonly items: Item[] = [];
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (error: Error) => void;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Waiters get the rejection; this keeps an unobserved one from crashing the process.
    this.done.catch(() => {});
  }
}

export class GroupCommitter<Item, Sealed> {
  private collecting: Batch<Item> | null = null;
  private running = false;
  /** A drain is scheduled for the check phase and has not started: it may be started sooner. */
  private scheduled = false;
  private failure: Error | null = null;
  private latest: Promise<void> = Promise.resolve();

  constructor(private readonly hooks: GroupCommitHooks<Item, Sealed>) {}

  /** Queues `item`; resolves when the batch holding it is durable. */
  enqueue(item: Item): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.collecting) {
      this.collecting = new Batch<Item>();
      this.latest = this.collecting.done;
    }
    this.collecting.items.push(item);
    if (!this.running) {
      this.running = true;
      this.scheduled = true;
      // At the turn's end (turn-end.ts), not a microtask: every request already read from the
      // network in this turn of the event loop, and answered there (gateway/event-intake.ts),
      // joins the batch, at no added delay.
      atTurnEnd(() => this.startScheduled());
    } else if (this.scheduled && this.collecting.items.length === MAX_BATCH_ITEMS) {
      // A microtask, not now: the caller changes its state for this item after enqueue
      // returns, and `seal` must see the state exactly after the batch's items. Once per
      // batch: items enqueued in the same synchronous run join it before the microtask runs.
      queueMicrotask(() => this.startScheduled());
    }
    return this.collecting.done;
  }

  /** Resolves when everything queued so far is durable; rejects if any of it failed. */
  settled(): Promise<void> {
    return this.failure ? Promise.reject(this.failure) : this.latest;
  }

  private startScheduled(): void {
    if (!this.scheduled) return;
    this.scheduled = false;
    void this.drain();
  }

  /**
   * Writes one batch. What arrived while it was being written is sealed after the reads of this
   * turn of the loop have joined it (turn-end.ts), or at once if it is full: the fsync runs on a
   * thread (data-sync-thread.ts) and may finish in the middle of a turn, and sealing then would
   * make batches of the few votes read during one fsync, each with its own write and fsync.
   */
  private async drain(): Promise<void> {
    const batch = this.takeCollecting();
    if (!batch) {
      this.running = false;
      return;
    }
    try {
      const sealed = this.hooks.seal(batch.items);
      await this.hooks.write(sealed);
      this.hooks.committed(sealed);
      batch.resolve();
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.failure = error;
      batch.reject(error);
      this.takeCollecting()?.reject(error);
      this.hooks.failed(error);
      this.running = false;
      return;
    }
    if (!this.collecting) {
      this.running = false;
      return;
    }
    this.scheduled = true;
    if (this.collecting.items.length >= MAX_BATCH_ITEMS) queueMicrotask(() => this.startScheduled());
    else atTurnEnd(() => this.startScheduled());
  }

  private takeCollecting(): Batch<Item> | null {
    const batch = this.collecting;
    this.collecting = null;
    return batch;
  }
}
