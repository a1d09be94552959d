import { TurnBatches } from '../turn-batches';
import type { FollowedCast } from '../service/replica';
import { MAX_CASTS_PER_NOTICE } from './cast-rows';

/**
 * The casts a node made durable, told to the other nodes per meeting once per turn of the loop
 * (or every MAX_CASTS_PER_NOTICE casts) instead of one notice each: in a 3,000-vote burst a
 * notice per cast was a PUBLISH, a JSON parse and a schema check per vote on every node, and a
 * fifth of the cluster's allocations (docs/BENCHMARKS.md). A vote's ack never waits for this:
 * the notice is a hint to the other nodes (their views of the turnout lag by one turn at most).
 *
 * Order matters to the receivers: a meeting's pending casts go out before any other notice of
 * that meeting (flush), so a node never hears of a close before the votes cast before it.
 */
export class CastNotices {
  private readonly batches: TurnBatches<FollowedCast>;

  constructor(send: (meetingId: string, casts: FollowedCast[]) => void) {
    this.batches = new TurnBatches(MAX_CASTS_PER_NOTICE, send);
  }

  add(meetingId: string, entry: FollowedCast): void {
    this.batches.add(meetingId, entry);
  }

  /** Sends the meeting's pending casts now (before another notice of the same meeting). */
  flush(meetingId: string): void {
    this.batches.flush(meetingId);
  }

  /** Sends every meeting's pending casts now (the turn's end, or the node leaving). */
  flushAll(): void {
    this.batches.flushAll();
  }
}
