import type { Logger } from '../../logger';
import type { CastWaiter } from '../cast-waiter';
import type { StoredCast } from '../types';

/**
 * The casts of one journal batch, answered together once the batch is durable: ONE reaction on
 * the batch's promise, then each waiter in the order its cast was recorded, instead of a promise
 * and a closure per vote (cast-waiter.ts). If the batch fails, every waiter of it fails.
 */
export class BatchCastWaiters {
  private readonly waiters: CastWaiter[] = [];
  private readonly outcomes: StoredCast[] = [];

  constructor(
    /** The batch's durability (group-commit.ts: one promise per batch). */
    readonly durable: Promise<void>,
    /** What a waiter of a failed batch is told. */
    unavailable: (cause: unknown) => Error,
    private readonly logger: Logger,
  ) {
    durable.then(
      () => this.answerAll(),
      (cause: unknown) => this.failAll(unavailable(cause)),
    );
  }

  /** `outcome` is told to `waiter` once the batch is durable. */
  add(waiter: CastWaiter, outcome: StoredCast): void {
    this.waiters.push(waiter);
    this.outcomes.push(outcome);
  }

  private answerAll(): void {
    for (let i = 0; i < this.waiters.length; i++) {
      try {
        this.waiters[i]!.answered(this.outcomes[i]!);
      } catch (err) {
        // A waiter never throws (server/reply.ts); if one does, the batch's others are still answered.
        this.logger.error('a cast waiter failed', { err });
      }
    }
    this.forgetAll();
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiters) {
      try {
        waiter.failed(error);
      } catch (err) {
        this.logger.error('a cast waiter failed', { err });
      }
    }
    this.forgetAll();
  }

  /**
   * Answered: nothing of the batch is held any longer. The journal keeps its last batch's waiters
   * until the next vote, and a waiter reaches its connection (the gateway's reply holds the ack).
   */
  private forgetAll(): void {
    this.waiters.length = 0;
    this.outcomes.length = 0;
  }
}
