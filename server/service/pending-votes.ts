import type { RecordedVote } from '../../shared/domain/evolve';

/**
 * A vote waits at most this long to be folded into its copy when nothing reads the copy sooner:
 * past a hall's burst (3,000 votes take ~150 ms), so the burst's acks do not wait behind folds.
 */
export const FOLD_AFTER_MS = 1_000;

/**
 * This node's votes the store has answered, per meeting, not yet in the copy.
 *
 * A read of a copy folds its meeting's votes first (`foldNow`), so no reader ever sees a copy
 * without a vote whose ack has left: the tablet's next sync, a view, a close. Nothing else
 * waits for them. The vote path itself reads only the copy's ballots and seats, which a vote
 * does not change (replica.ts, copyWithoutPendingVotes), so in a burst the votes pile up here
 * and are folded together once it is over: one update of each register's trie for all of
 * them, after the last ack instead of in front of it (docs/BENCHMARKS.md, "Votes folded after
 * the burst"). When nothing reads the copy, a timer folds them FOLD_AFTER_MS after the first.
 */
export class PendingVotes {
  private readonly byMeeting = new Map<string, RecordedVote[]>();
  private timer: NodeJS.Timeout | null = null;

  /** `fold` takes one meeting's votes into its copy; it must not throw. */
  constructor(private readonly fold: (meetingId: string, votes: RecordedVote[]) => void) {}

  add(meetingId: string, vote: RecordedVote): void {
    const pending = this.byMeeting.get(meetingId);
    if (pending) pending.push(vote);
    else this.byMeeting.set(meetingId, [vote]);
    if (this.timer === null) {
      this.timer = setTimeout(this.foldWaitingVotes, FOLD_AFTER_MS);
      // Votes in memory only: they are durable in the store, and a copy is read from it whole.
      this.timer.unref();
    }
  }

  /** Folds the meeting's pending votes now: its copy is about to be read. */
  foldNow(meetingId: string): void {
    if (this.byMeeting.size === 0) return;
    const votes = this.byMeeting.get(meetingId);
    if (!votes) return;
    this.byMeeting.delete(meetingId);
    this.fold(meetingId, votes);
  }

  /** Folds every meeting's pending votes now (every copy is about to be read). */
  foldAll(): void {
    // Looked up one by one: folding one meeting's votes may read (and so fold) another's.
    for (const meetingId of [...this.byMeeting.keys()]) this.foldNow(meetingId);
  }

  private readonly foldWaitingVotes = (): void => {
    this.timer = null;
    this.foldAll();
  };
}
