import { ErrorReply } from 'redis';
import type { Logger } from '../../logger';
import type { RedisConnection } from './connection';
import { StoreUnavailableError } from './errors';

const RETRY_MS = 1000;
const MAX_ATTEMPTS = 120;
/**
 * A rewrite starts this long after the tally that asks for it, not at once: forking Redis and
 * writing the AOF while every node reads the closed ballot's register back and pushes the result
 * to the hall tripled those reads (9 → 28 ms at 3,000 seats on two cores) and slowed the publish
 * that follows (6 → 25 ms). The sealed papers and the wrapped key have been in the AOF for as
 * long as the ballot was open; two seconds more changes nothing an attacker can do.
 */
export const REWRITE_DELAY_MS = 2000;

/**
 * Secret ballots and the AOF (architecture invariant 4; docs/SECURITY.md "Redis store").
 *
 * Redis writes a script's effects to the AOF in order, so while a secret ballot is open the AOF
 * holds, side by side, "HSET voters <seat> …" and "SADD papers <sealed paper>" for each cast,
 * and the ballot's wrapped key in its gate. The papers are sealed, but anyone holding BALLOT_KEY
 * as well as a copy of these files could open them beside their seats. The tally (tally.ts)
 * destroys the wrapped key and the papers in Redis; an AOF rewrite (BGREWRITEAOF) then replaces
 * the history in the files with the current state: the register and the sorted counts. So the
 * store asks for a rewrite after every tally it writes (and after the shut of a secret ballot
 * from before sealed papers, whose box was kept in plain counts), REWRITE_DELAY_MS later.
 *
 * Best effort: if a rewrite is already running (it may have started before the tally), ask again
 * every second for up to two minutes; failures are reported, never thrown, since the ballot
 * itself is safely recorded. Operations must still protect the AOF directory while a ballot is
 * open, and keep BALLOT_KEY away from it and its backups.
 */
export class AofCompaction {
  private timer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private stopped = false;

  constructor(
    private readonly connection: RedisConnection,
    private readonly logger: Logger,
  ) {}

  /** Asks for a rewrite that starts after now (REWRITE_DELAY_MS after). Returns at once. */
  request(): void {
    if (this.stopped) return;
    // A start already waiting will start a rewrite after this moment, which covers this request.
    if (this.timer) return;
    this.attempts = 0;
    this.timer = setTimeout(() => void this.attempt(), REWRITE_DELAY_MS);
    this.timer.unref();
  }

  /** Stops asking; a rewrite still waiting for its delay is asked for now, once (the connection is about to close). */
  async stop(): Promise<void> {
    const waiting = this.timer !== undefined && this.attempts === 0;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!waiting) return;
    if (!this.connection.ready) {
      this.logger.warn('AOF rewrite after a secret ballot closed not asked for: Redis is unreachable as the store closes; its sealed papers and wrapped key stay listed in the AOF');
      return;
    }
    try {
      await this.connection.send(['BGREWRITEAOF']);
    } catch (error) {
      this.logger.warn('AOF rewrite after a secret ballot closed did not start before the store closed; its sealed papers and wrapped key stay listed in the AOF', {
        error,
      });
    }
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.attempts++;
    try {
      await this.connection.send(['BGREWRITEAOF']);
    } catch (error) {
      if (this.stopped) return;
      const busy = error instanceof ErrorReply && /already in progress/i.test(error.message);
      const retryable = busy || error instanceof StoreUnavailableError;
      if (retryable && this.attempts < MAX_ATTEMPTS) {
        this.timer = setTimeout(() => void this.attempt(), RETRY_MS);
        this.timer.unref();
        return;
      }
      this.logger.warn('AOF rewrite after a secret ballot closed did not start; its sealed papers and wrapped key stay listed in the AOF', {
        error,
        attempts: this.attempts,
      });
    }
  }
}
