import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedVote } from '../../shared/domain/evolve';
import { FOLD_AFTER_MS, PendingVotes } from './pending-votes';

function vote(seatId: string): RecordedVote {
  return { entry: { ballotId: 'b1', seatId, idempotencyKey: `k-${seatId}`, receiptId: `r-${seatId}`, at: 1, choiceKey: null }, paper: null };
}
const seatsOf = (votes: readonly RecordedVote[]) => votes.map((v) => v.entry.seatId);

describe('PendingVotes: a burst of votes folded together, once each, when read or after the burst', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('folds nothing while votes arrive; then each meeting’s votes in one call, in order, FOLD_AFTER_MS after the first', () => {
    vi.useFakeTimers();
    const folds: [string, string[]][] = [];
    const pending = new PendingVotes((meetingId, votes) => folds.push([meetingId, seatsOf(votes)]));
    pending.add('m1', vote('s1'));
    pending.add('m2', vote('s9'));
    vi.advanceTimersByTime(FOLD_AFTER_MS - 1);
    pending.add('m1', vote('s2'));
    expect(folds).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(folds).toEqual([
      ['m1', ['s1', 's2']],
      ['m2', ['s9']],
    ]);
    // The next vote starts a new wait.
    pending.add('m1', vote('s3'));
    vi.advanceTimersByTime(FOLD_AFTER_MS - 1);
    expect(folds).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(folds[2]).toEqual(['m1', ['s3']]);
  });

  it('folds one meeting at once when its copy is read, and never folds a vote twice, even when a fold reads another meeting', () => {
    vi.useFakeTimers();
    const folds: [string, string[]][] = [];
    const pending: PendingVotes = new PendingVotes((meetingId, votes) => {
      folds.push([meetingId, seatsOf(votes)]);
      // Folding m1 reads m2's copy (a listener renders its view): m2 is folded here.
      if (meetingId === 'm1') pending.foldNow('m2');
    });
    pending.add('m1', vote('s1'));
    pending.add('m2', vote('s9'));
    pending.add('m3', vote('s5'));
    pending.foldNow('m3');
    expect(folds).toEqual([['m3', ['s5']]]);
    pending.foldAll();
    vi.advanceTimersByTime(FOLD_AFTER_MS);
    expect(folds).toEqual([
      ['m3', ['s5']],
      ['m1', ['s1']],
      ['m2', ['s9']],
    ]);
  });

  it('does not keep the process alive for its timer', () => {
    const pending = new PendingVotes(() => {});
    pending.add('m1', vote('s1'));
    const timer = (pending as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
    pending.foldAll();
  });
});
