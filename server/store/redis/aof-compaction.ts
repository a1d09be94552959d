import { ErrorReply } from 'redis';
import type { Logger } from '../../logger';
import type { RedisConnection } from './connection';
import { StoreUnavailableError } from './errors';
import { parsePrimaryReplication, type PrimaryReplication } from './replication-info';
import type { StoreObserver } from '../observer';

const RETRY_MS = 1000;
const MAX_ATTEMPTS = 120;
/**
 * Once a round is done (or has given up), how often the node looks again for a replica that has
 * not been rewritten since the last tally: one that was away and came back, or a new one.
 * Its cost: one INFO replication per node per period.
 */
export const SWEEP_MS = 30_000;
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
 * The replicas too: their AOFs hold the same history (the primary streams it to them), and
 * BGREWRITEAOF is not replicated. So besides the primary, each replica it lists in
 * INFO replication is asked on a connection of its own, as soon as it has confirmed the
 * primary's offset of that moment (so its rewrite starts after it applied the tally). A replica
 * that was away meanwhile may come back by a partial resync, its history still in its files:
 * so the node keeps looking, every SWEEP_MS, for a listed replica not rewritten since the last
 * tally, and asks it then; and for a primary other than the one it asked (a replica promoted
 * before its turn came). A node that starts does not know what was tallied before it: it asks
 * every data node once, at its first look.
 *
 * Best effort: what is busy (a rewrite already running may have started before the tally),
 * behind or unreachable is asked again every second for up to two minutes, then at every look;
 * failures are reported once a round, never thrown, since the ballot itself is safely recorded.
 * Operations must still protect the AOF directories while a ballot is open, and keep BALLOT_KEY
 * away from them and their backups.
 */
export class AofCompaction {
  private timer: NodeJS.Timeout | undefined;
  private attempts = MAX_ATTEMPTS;
  private stopped = false;
  /** The last tally's rewrites (at start: every data node's, once). */
  private round: Round = newRound({ settled: true });

  private readonly sweepMs: number;
  private readonly observer: StoreObserver;
  /** Replicas the primary listed at the last look: what a new round expects to ask besides it. */
  private replicasListed = 0;

  constructor(
    private readonly connection: RedisConnection,
    private readonly logger: Logger,
    options: { sweepMs?: number; observer?: StoreObserver } = {},
  ) {
    this.sweepMs = options.sweepMs ?? SWEEP_MS;
    this.observer = options.observer ?? {};
    this.schedule(this.sweepMs);
  }

  /**
   * Asks for a rewrite of every data node that starts after now (REWRITE_DELAY_MS after).
   * Returns at once. A round still going starts again: every node's rewrite must follow this
   * request's tally.
   */
  request(): void {
    if (this.stopped) return;
    this.round = newRound({ settled: false });
    this.attempts = 0;
    this.observer.aofRewritesLeft?.(1 + this.replicasListed);
    this.schedule(REWRITE_DELAY_MS);
  }

  /** Stops asking; a round still going gets one last try now (the connection is about to close). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    const round = this.round;
    if (round.settled) return;
    if (!this.connection.ready) {
      this.logger.warn('AOF rewrite after a secret ballot closed not asked for: Redis is unreachable as the store closes; its sealed papers and wrapped key stay listed in the AOF');
      return;
    }
    const left = await this.runRound(round);
    if (left.length > 0) {
      this.logger.warn('AOF rewrite after a secret ballot closed did not start everywhere before the store closed; its sealed papers and wrapped key stay listed in these AOFs', {
        left,
      });
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.attempt(), ms);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    const round = this.round;
    if (this.stopped) return;
    this.attempts++;
    const left = await this.runRound(round);
    if (this.stopped || round !== this.round) return;
    this.observer.aofRewritesLeft?.(left.length);
    if (left.some((l) => l.retryable) && this.attempts < MAX_ATTEMPTS) {
      this.schedule(RETRY_MS);
      return;
    }
    round.settled = true;
    if (left.length > 0 && !round.warned) {
      round.warned = true;
      // A tally's round, or the look at a node's start (a tally before it may not have been compacted).
      this.logger.warn('AOF rewrite did not start everywhere; the sealed papers and wrapped keys of secret ballots closed before may stay listed in these AOFs', {
        left,
        attempts: this.attempts,
      });
    }
    this.schedule(this.sweepMs);
  }

  /** Asks what is left of the round; returns what still is, and why. */
  private async runRound(round: Round): Promise<Left[]> {
    let listed: PrimaryReplication;
    try {
      listed = parsePrimaryReplication(String(await this.connection.send(['INFO', 'replication'])));
    } catch (error) {
      return [{ node: 'primary', reason: `INFO replication: ${describe(error)}`, retryable: true }];
    }
    const left: Left[] = [];
    // Another primary than the one rewritten (a replica promoted since, maybe one not yet
    // rewritten; or, at a node's start, one nobody knows about): it is asked too. Each data
    // node is asked on its own: one that is busy holds up none of the others.
    if (listed.replicationId !== round.primaryRewritten) {
      try {
        await this.connection.send(['BGREWRITEAOF']);
        round.primaryRewritten = listed.replicationId;
      } catch (error) {
        left.push({ node: 'primary', reason: describe(error), retryable: isRetryable(error) });
      }
    }
    // A primary whose stream is behind the target was promoted meanwhile, without the old one's
    // last unacknowledged writes (an acknowledged tally is on it): its offset of now will do.
    const target = (round.targetOffset = Math.min(round.targetOffset ?? listed.offset, listed.offset));
    this.replicasListed = listed.replicas.length;
    for (const replica of listed.replicas) {
      const node = `${replica.host}:${replica.port}`;
      if (round.replicasDone.has(node)) continue;
      if (replica.state !== 'online' || replica.offset < target) {
        left.push({ node, reason: `has not confirmed offset ${target} (${replica.state}, at ${replica.offset})`, retryable: true });
        continue;
      }
      try {
        await this.connection.sendToPeer(replica, ['BGREWRITEAOF']);
        round.replicasDone.add(node);
      } catch (error) {
        // Unreachable from here counts as retryable too: a replica the primary lists is up.
        left.push({ node, reason: describe(error), retryable: isRetryable(error) || !(error instanceof ErrorReply) });
      }
    }
    return left;
  }
}

interface Round {
  /** The replication id of the primary last rewritten in this round (null: none yet). */
  primaryRewritten: string | null;
  /** Done, or given up on (and warned about): a store that closes leaves it. */
  settled: boolean;
  /** Its failures have been logged (once a round). */
  warned: boolean;
  /** The primary's replication offset when the round first read it: after the tally. */
  targetOffset: number | null;
  /** Replicas asked (host:port as the primary lists them). */
  replicasDone: Set<string>;
}

/** A round that has asked nothing yet; `settled` for the look at a node's start, which no store close waits for. */
function newRound({ settled }: { settled: boolean }): Round {
  return { primaryRewritten: null, targetOffset: null, replicasDone: new Set(), settled, warned: false };
}

interface Left {
  node: string;
  reason: string;
  retryable: boolean;
}

function isRetryable(error: unknown): boolean {
  const busy = error instanceof ErrorReply && /already in progress/i.test(error.message);
  return busy || error instanceof StoreUnavailableError;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
