import type { RecordedVote } from '../../shared/domain/evolve';
import type { VoteNotice } from './notices';

/** A vote of this node's, answered by the store, waiting to be folded with its batch. */
export interface PendingVote extends RecordedVote {
  notice: VoteNotice;
}

/**
 * This node's votes the store has answered, per meeting, not yet in the copy: the votes of one
 * journal batch are answered in one turn and folded together at its end, one update of the
 * register's trie per batch instead of one per vote (docs/BENCHMARKS.md), before any ack leaves.
 * A read of a copy folds its meeting's votes first (`foldNow`).
 */
export class PendingVotes {
  private readonly byMeeting = new Map<string, PendingVote[]>();
  private foldQueued = false;

  /** `fold` takes one meeting's votes into its copy and tells the listeners, in order; it must not throw. */
  constructor(private readonly fold: (meetingId: string, votes: PendingVote[]) => void) {}

  add(meetingId: string, vote: PendingVote): void {
    const pending = this.byMeeting.get(meetingId);
    if (pending) pending.push(vote);
    else this.byMeeting.set(meetingId, [vote]);
    if (!this.foldQueued) {
      this.foldQueued = true;
      // Queued behind the answers of the batch already queued, ahead of their acks (each ack is a
      // step after its answer): every vote is in the copy before its tablet hears of it.
      queueMicrotask(this.foldQueuedVotes);
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
    // Looked up one by one: a listener told of one meeting's votes may read (and so fold) another's.
    for (const meetingId of [...this.byMeeting.keys()]) this.foldNow(meetingId);
  }

  private readonly foldQueuedVotes = (): void => {
    this.foldQueued = false;
    this.foldAll();
  };
}
